package io.ringcast.gateway.fusion;

import io.ringcast.bridge.BridgeRequest;
import io.ringcast.bridge.SubmitResult;
import io.ringcast.engine.Priority;
import io.ringcast.engine.Stream;
import io.ringcast.gateway.protocol.ClientMessage;
import io.ringcast.gateway.protocol.RingOrder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One multi-modal fusion session (docs/protocol.md, "Multi-modal fusion"), owned by its stream's group thread.
 * Windows are numbered from 0 at open and close on the group's timer wheel every {@code window_ms}; a window with
 * input becomes one {@code fusion} request through the GPU bridge. Results leave in window order on
 * CRITICAL, to the owner and to {@code publish_to}. When the provider falls behind, unsent windows queue
 * up to a bound; past it a latest-only session conflates its oldest unsent window into the next, while a
 * session with {@code all} streams has new items refused ({@code overloaded}). Nothing here blocks.
 */
final class Fusion
{
    final String id;
    final long token;
    long conflatedTotal;
    long refusedTotal;
    private final String model;
    private final long windowNanos;
    private final String[] names;
    private final boolean[] latest;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean latestOnly;
    private final String publishTo;
    private final FusionLimits limits;
    private final Fusions owner;
    private final long openedAtNanos;
    private final ArrayDeque<FusionWindow> unsent = new ArrayDeque<>();
    private final ArrayDeque<FusionWindow> inflight = new ArrayDeque<>();
    private FusionWindow current;
    private long timerId = -1;
    private boolean closing;
    private boolean closedSent;
    private final RingOrder items;
    private long closeAfter = -1;

    Fusion(final ClientMessage.FuseOpen open, final long token, final FusionLimits limits, final Fusions owner,
        final long now)
    {
        this.id = open.id();
        this.token = token;
        this.model = open.model();
        this.windowNanos = open.windowMs() * 1_000_000L;
        this.names = new String[open.streams().size()];
        this.latest = new boolean[names.length];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = open.streams().get(i).name();
            latest[i] = open.streams().get(i).latest();
            index.put(names[i], i);
        }
        this.latestOnly = open.latestOnly();
        this.publishTo = open.publishTo();
        this.items = open.items() != null ? open.items() : new RingOrder();
        this.limits = limits;
        this.owner = owner;
        this.openedAtNanos = now;
        this.current = new FusionWindow(0, names.length);
    }

    void start(final Stream stream)
    {
        timerId = stream.scheduleTimer(openedAtNanos + windowNanos, token);
    }

    /** @return null if taken, else the error code to answer with. */
    String onData(final Stream stream, final String name, final String item)
    {
        items.handled();
        final String refused = take(name, item);
        if (closeAfter >= 0 && items.reached(closeAfter))
        {
            close(stream, stream.nanoTime(), closeAfter); // this was the last item the close was waiting for
        }
        return refused;
    }

    private String take(final String stream, final String item)
    {
        final Integer s = index.get(stream);
        if (s == null)
        {
            return "bad_request";
        }
        if (!latest[s] && unsent.size() >= limits.maxPending())
        {
            refusedTotal++;
            return "overloaded"; // the provider is behind: an 'all' stream may not grow the backlog further
        }
        if (!current.add(s, item, latest[s], limits.maxItems()))
        {
            refusedTotal++;
            return "overloaded";
        }
        return null;
    }

    /** The current window's time is up: close it and open the next. */
    void onTimer(final Stream stream, final long now)
    {
        timerId = -1;
        closeWindow(now);
        current = new FusionWindow(current.number + 1, names.length);
        if (!closing)
        {
            timerId = stream.scheduleTimer(openedAtNanos + (current.number + 1) * windowNanos, token);
        }
        send(stream);
    }

    /**
     * fuse_close: flush the open window now; {@code fuse_closed} follows the last result. The close takes effect
     * once the items sent before it have arrived ({@link RingOrder}).
     *
     * @param stamp the close's stamp: fuse_data items the connection routed before it.
     */
    void close(final Stream stream, final long now, final long stamp)
    {
        if (!items.reached(stamp))
        {
            closeAfter = stamp;
            return;
        }
        closeAfter = -1;
        closing = true;
        if (timerId >= 0)
        {
            stream.cancelTimer(timerId);
            timerId = -1;
        }
        closeWindow(now);
        send(stream);
        emit(stream, now);
    }

    /** The provider answered a window. */
    void onDone(final Stream stream, final FusionDone done, final long now)
    {
        for (final FusionWindow w : inflight)
        {
            if (w.number == done.window())
            {
                w.answered = true;
                w.outputs = done.outputs();
                w.errorCode = done.errorCode();
                w.errorMessage = done.errorMessage();
                break;
            }
        }
        owner.forgetRequest(requestId(done.window()));
        emit(stream, now);
        send(stream);
    }

    private void closeWindow(final long now)
    {
        if (!current.hasInput())
        {
            return; // a window with no input sends no request and yields no result
        }
        current.closedAtNanos = now;
        unsent.addLast(current);
        while (unsent.size() > limits.maxPending() && latestOnly)
        {
            final FusionWindow oldest = unsent.pollFirst();
            unsent.peekFirst().absorb(oldest);
        }
    }

    private void send(final Stream stream)
    {
        while (!unsent.isEmpty())
        {
            final FusionWindow w = unsent.peekFirst();
            final String requestId = requestId(w.number);
            final SubmitResult r = owner.bridge().submit(
                BridgeRequest.fusion(requestId, model, w.payload(names).getBytes(StandardCharsets.UTF_8)).build(),
                new FusionListener(owner.engine(), stream.id(), token, w.number));
            if (r == SubmitResult.OVERLOADED)
            {
                return; // keep it: retried at the next window close or result
            }
            unsent.pollFirst();
            inflight.addLast(w);
            if (r == SubmitResult.ACCEPTED)
            {
                owner.rememberRequest(requestId);
            }
            else
            {
                w.answered = true;
                w.errorCode = r.protocolCode();
                w.errorMessage = "fusion refused: " + r.protocolCode().replace('_', ' ');
            }
        }
        emit(stream, stream.nanoTime());
    }

    /** Results leave in window order: each waits for every earlier window's answer. */
    private void emit(final Stream stream, final long now)
    {
        while (!inflight.isEmpty() && inflight.peekFirst().answered)
        {
            final FusionWindow w = inflight.pollFirst();
            conflatedTotal += w.conflated;
            if (w.errorCode != null)
            {
                stream.sendText(Priority.CRITICAL, owner.messages().error(w.errorCode,
                    "fusion window " + w.number + " failed: " + w.errorMessage, id));
                continue;
            }
            final String result = FusionMessages.result(id, w, names, (now - w.closedAtNanos) / 1e6);
            stream.sendText(Priority.CRITICAL, result);
            if (publishTo != null)
            {
                owner.topics().publish(publishTo, Priority.CRITICAL,
                    owner.messages().topicTail(publishTo, owner.sessionId(), result));
            }
        }
        if (closing && !closedSent && inflight.isEmpty() && unsent.isEmpty())
        {
            closedSent = true; // close() both sends (which emits) and emits: acknowledge once
            stream.sendText(Priority.CRITICAL, FusionMessages.closed(id));
            owner.remove(this);
        }
    }

    private String requestId(final long window)
    {
        return owner.sessionId() + ":fuse:" + token + ":" + window;
    }
}
