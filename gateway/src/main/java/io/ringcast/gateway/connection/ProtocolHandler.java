package io.ringcast.gateway.connection;

import io.ringcast.bridge.BridgeClient;
import io.ringcast.bridge.BridgeRequest;
import io.ringcast.bridge.SubmitResult;
import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;
import io.ringcast.engine.Stream;
import io.ringcast.engine.StreamHandler;
import io.ringcast.engine.StreamState;
import io.ringcast.gateway.fusion.FusionDone;
import io.ringcast.gateway.fusion.FusionLimits;
import io.ringcast.gateway.fusion.Fusions;
import io.ringcast.gateway.protocol.ClientMessage;
import io.ringcast.gateway.protocol.ServerMessages;
import io.ringcast.gateway.topics.Topics;

import java.util.Map;

/**
 * What each protocol message does, run on the session's stream group thread (so it reads and writes the
 * stream's state without locks). Barge-in commands act in the duty cycle that reads them.
 */
public final class ProtocolHandler implements StreamHandler
{
    private final ServerMessages messages;
    private final int maxSubscriptions;
    private final int sampleRate;
    private final int frameMs;
    private final FusionLimits fusionLimits;
    private final int readAheadBytes;
    private final int creditGrantBytes;
    private volatile Engine engine;
    private volatile BridgeClient bridge;
    private volatile Topics topics;

    /**
     * @param messages         encoder.
     * @param maxSubscriptions topics one session may subscribe to.
     * @param sampleRate       PCM rate requested from workers.
     * @param frameMs          frame length requested from workers.
     * @param fusionLimits     bounds of fusion per connection.
     * @param readAheadMs      audio a worker may send ahead of playout per utterance; 0 for no limit.
     */
    public ProtocolHandler(final ServerMessages messages, final int maxSubscriptions, final int sampleRate,
        final int frameMs,
        final FusionLimits fusionLimits, final int readAheadMs)
    {
        this.readAheadBytes = (int)Math.min(Integer.MAX_VALUE, (long)readAheadMs * sampleRate / 1000 * 2);
        // Credit goes back a quarter window at a time: at least three quarters stay buffered, four messages per window.
        this.creditGrantBytes = Math.max(1, readAheadBytes / 4);
        this.fusionLimits = fusionLimits;
        this.messages = messages;
        this.maxSubscriptions = maxSubscriptions;
        this.sampleRate = sampleRate;
        this.frameMs = frameMs;
    }

    /**
     * The engine and bridge exist after this handler (the engine needs it to start).
     *
     * @param engine the engine.
     * @param bridge the bridge.
     * @param topics where fusion results are published.
     */
    public void bind(final Engine engine, final BridgeClient bridge, final Topics topics)
    {
        this.engine = engine;
        this.bridge = bridge;
        this.topics = topics;
    }

    @Override
    public void onMessage(final Stream stream, final Object message)
    {
        final Connection connection = (Connection)stream.attachment();
        if (message instanceof ClientMessage)
        {
            connection.gate.handled(); // the IO thread counted it in; fusion results come from the bridge, uncounted
        }
        if (message instanceof ClientMessage.Speak speak)
        {
            speak(stream, connection, speak);
        }
        else if (message instanceof ClientMessage.Pause pause)
        {
            stream.pause(pause.id());
        }
        else if (message instanceof ClientMessage.Resume resume)
        {
            stream.resume(resume.id());
        }
        else if (message instanceof ClientMessage.Cancel cancel)
        {
            cancel(stream, connection, cancel);
        }
        else if (message instanceof ClientMessage.Ping ping)
        {
            stream.sendText(Priority.CONTROL, messages.pong(ping.t(), System.nanoTime()));
        }
        else if (message instanceof ClientMessage.Subscribe subscribe)
        {
            for (final String topic : subscribe.topics())
            {
                if (stream.subscriptions() >= maxSubscriptions)
                {
                    error(stream, "bad_request", "too many subscriptions (at most " + maxSubscriptions + ")", null);
                    return;
                }
                stream.subscribe(topic);
            }
        }
        else if (message instanceof ClientMessage.Unsubscribe unsubscribe)
        {
            unsubscribe.topics().forEach(stream::unsubscribe);
        }
        else if (message instanceof ClientMessage.FuseOpen open)
        {
            fusions(connection).open(stream, open);
        }
        else if (message instanceof ClientMessage.FuseData data)
        {
            fusions(connection).data(stream, data);
        }
        else if (message instanceof ClientMessage.FuseClose close)
        {
            fusions(connection).close(stream, close);
        }
        else if (message instanceof FusionDone done)
        {
            fusions(connection).done(stream, done);
        }
    }

    @Override
    public void onAudioConsumed(final Stream stream, final int utterance, final int bytes)
    {
        if (readAheadBytes == 0)
        {
            return;
        }
        final Connection connection = (Connection)stream.attachment();
        if (connection.creditRequestId == null || connection.creditUtterance != utterance)
        {
            // the previous one is fully received: what it still owed no longer matters
            connection.creditUtterance = utterance;
            connection.creditPending = 0;
            // built once per utterance, not per credit: this runs on the group thread, which must not allocate
            connection.creditRequestId = connection.id + ":" + utterance;
        }
        connection.creditPending += bytes;
        if (connection.creditPending >= creditGrantBytes)
        {
            bridge.credit(connection.creditRequestId, connection.creditPending);
            connection.creditPending = 0;
        }
    }

    @Override
    public void onTimer(final Stream stream, final long token, final long now)
    {
        fusions((Connection)stream.attachment()).timer(stream, token, now);
    }

    private Fusions fusions(final Connection connection)
    {
        if (connection.fusions == null)
        {
            connection.fusions =
                new Fusions(engine, bridge, topics, messages, connection.id, connection.requests, fusionLimits);
        }
        return connection.fusions;
    }

    private void speak(final Stream stream, final Connection connection, final ClientMessage.Speak speak)
    {
        connection.speaks.handled();
        if (!connection.earlyCancels.isEmpty())
        {
            if (connection.earlyCancels.remove(speak.id()) != null)
            {
                // Its cancel overtook it on the CONTROL ring: it never starts, and the cancel is acknowledged now.
                stream.sendText(Priority.CONTROL, messages.cancelled(speak.id(), 0));
                answerStaleCancels(stream, connection);
                return;
            }
            answerStaleCancels(stream, connection);
        }
        if (stream.hasUtterance(speak.id()))
        {
            error(stream, "duplicate_id", "an utterance with id '" + speak.id() + "' is still playing", speak.id());
            return;
        }
        final int utterance = stream.speak(speak.id(), speak.priority());
        if (utterance == Stream.TOO_MANY_UTTERANCES)
        {
            error(stream, "overloaded", "too many utterances queued on this session", speak.id());
            return;
        }
        final String requestId = connection.id + ":" + utterance;
        final BridgeRequest request = BridgeRequest.synthesis(requestId, speak.text()).voice(speak.voice())
            .sampleRate(sampleRate).frameMs(frameMs).readAheadBytes(readAheadBytes).build();
        connection.requests.put(speak.id(), requestId);
        final SubmitResult result = bridge.submit(request,
            new SpeechListener(engine, messages, connection, speak.priority(), utterance, speak.id()));
        if (result != SubmitResult.ACCEPTED)
        {
            connection.requests.remove(speak.id());
            stream.abandon(speak.id());
            error(stream, result.protocolCode(), "synthesis refused: " + result.protocolCode().replace('_', ' '),
                speak.id());
        }
    }

    private void cancel(final Stream stream, final Connection connection, final ClientMessage.Cancel cancel)
    {
        final String id = cancel.id();
        if (stream.cancel(id) < 0)
        {
            if (!connection.speaks.reached(cancel.speaksBefore()))
            {
                connection.earlyCancels.put(id, cancel.speaksBefore()); // its speak is still on the slower ring
            }
            else
            {
                error(stream, "unknown_id", "no utterance with id '" + id + "'", id);
            }
            return;
        }
        final String requestId = connection.requests.remove(id);
        if (requestId != null)
        {
            bridge.cancel(requestId);
        }
    }

    /** Early cancels whose speaks have all been handled without their id: the id was never spoken. */
    private void answerStaleCancels(final Stream stream, final Connection connection)
    {
        connection.earlyCancels.entrySet().removeIf(e ->
        {
            if (connection.speaks.reached(e.getValue()))
            {
                error(stream, "unknown_id", "no utterance with id '" + e.getKey() + "'", e.getKey());
                return true;
            }
            return false;
        });
    }

    @Override
    public void onStateChanged(final Stream stream, final StreamState state, final String reason)
    {
        if (state == StreamState.CLOSED || state == StreamState.EVICTED)
        {
            final Connection connection = (Connection)stream.attachment();
            for (final Map.Entry<String, String> open : connection.requests.entrySet())
            {
                bridge.cancel(open.getValue());
            }
            connection.requests.clear();
        }
    }

    private void error(final Stream stream, final String code, final String message, final String ref)
    {
        stream.sendText(Priority.CONTROL, messages.error(code, message, ref));
    }
}
