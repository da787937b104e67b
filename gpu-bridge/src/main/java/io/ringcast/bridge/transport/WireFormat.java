package io.ringcast.bridge.transport;

import com.google.protobuf.ByteString;
import io.ringcast.bridge.BridgeRequest;
import io.ringcast.bridge.protocol.Batch;
import io.ringcast.bridge.protocol.BridgeMessage;
import io.ringcast.bridge.protocol.Cancel;
import io.ringcast.bridge.protocol.Credit;
import io.ringcast.bridge.protocol.Grant;
import io.ringcast.bridge.protocol.Request;
import io.ringcast.bridge.protocol.RequestKind;

/** Maps bridge requests to {@code ringcast.worker.v1} messages. */
public final class WireFormat
{

    private WireFormat()
    {
    }

    /** The wire form of {@code r} under {@code wireId}, with {@code timeoutMs} left. */
    public static Request request(final BridgeRequest r, final String wireId, final long timeoutMs)
    {
        return Request.newBuilder()
            .setId(wireId)
            .setKind(kind(r.kind()))
            .setModel(r.model())
            .setText(r.text())
            .setVoice(r.voice())
            .setSampleRate(r.sampleRate())
            .setFrameMs(r.frameMs())
            .setTimeoutMs((int)Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMs)))
            .setPayload(ByteString.copyFrom(r.payload()))
            .setReadAheadBytes(r.readAheadBytes())
            .build();
    }

    /** A batch message. */
    public static BridgeMessage batch(final long batchId, final Iterable<Request> requests)
    {
        return BridgeMessage.newBuilder().setBatch(Batch.newBuilder().setBatchId(batchId).addAllRequests(requests))
            .build();
    }

    /** A cancel message for one request. */
    public static BridgeMessage cancel(final String wireId)
    {
        return BridgeMessage.newBuilder().setCancel(Cancel.newBuilder().addIds(wireId)).build();
    }

    /** A credit message: {@code bytes} more of request {@code wireId}'s output may be sent. */
    public static BridgeMessage credit(final String wireId, final int bytes)
    {
        return BridgeMessage.newBuilder()
            .setCredit(Credit.newBuilder().addGrants(Grant.newBuilder().setId(wireId).setBytes(bytes)))
            .build();
    }

    private static RequestKind kind(final io.ringcast.bridge.kind.RequestKind k)
    {
        switch (k)
        {
            case SYNTHESIS:
                return RequestKind.REQUEST_KIND_SYNTHESIS;
            case FUSION:
                return RequestKind.REQUEST_KIND_FUSION;
            default:
                throw new IllegalArgumentException("no wire kind for " + k);
        }
    }
}
