/**
 * {@link io.ringcast.bridge.kind.RequestKind}, what a request asks a worker for: a package of its own because the
 * public API ({@code BridgeRequest}), discovery (the kinds a worker serves) and selection all need it, and none of
 * them should need the others for it.
 */
package io.ringcast.bridge.kind;
