import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core storage plus the peer's address, which the
/// audit trail records.
public struct CustodiaRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
