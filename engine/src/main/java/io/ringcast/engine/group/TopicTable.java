package io.ringcast.engine.group;

import io.ringcast.engine.Priority;

import java.util.ArrayList;
import java.util.HashMap;

/**
 * One group's topic subscriptions: topic name to the group's subscribed sessions, each with its own
 * per-topic sequence (a gap in it tells the client what was dropped). Fan-out walks a list by index and
 * allocates nothing. Group thread only.
 */
final class TopicTable
{
    static final class Subscription
    {
        final GroupStream session;
        long seq;

        Subscription(final GroupStream session)
        {
            this.session = session;
        }
    }

    private final HashMap<String, ArrayList<Subscription>> topics = new HashMap<>();

    boolean subscribe(final String topic, final GroupStream session)
    {
        final ArrayList<Subscription> subs = topics.computeIfAbsent(topic, t -> new ArrayList<>());
        for (int i = 0; i < subs.size(); i++)
        {
            if (subs.get(i).session == session)
            {
                return false;
            }
        }
        subs.add(new Subscription(session));
        return true;
    }

    boolean unsubscribe(final String topic, final GroupStream session)
    {
        final ArrayList<Subscription> subs = topics.get(topic);
        if (subs == null)
        {
            return false;
        }
        for (int i = 0; i < subs.size(); i++)
        {
            if (subs.get(i).session == session)
            {
                subs.remove(i);
                if (subs.isEmpty())
                {
                    topics.remove(topic);
                }
                return true;
            }
        }
        return false;
    }

    /** @return subscribers reached. */
    int fanOut(final String topic, final String tail, final Priority priority, final long originNanos,
        final FanoutBudget budget,
        final long now)
    {
        final ArrayList<Subscription> subs = topics.get(topic);
        if (subs == null)
        {
            return 0;
        }
        final int reached = subs.size();
        // Backwards, so a subscriber evicted by this very message (and so unsubscribed) skips nobody.
        for (int i = reached - 1; i >= 0; i--)
        {
            final Subscription sub = subs.get(i);
            final long seq = ++sub.seq; // advances even when shed: the gap tells the client
            if (budget.take(priority, now))
            {
                sub.session.sendTopic(tail, seq, priority, originNanos);
            }
            else
            {
                sub.session.shedFanout(priority);
            }
        }
        return reached;
    }
}
