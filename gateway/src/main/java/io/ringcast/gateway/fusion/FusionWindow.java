package io.ringcast.gateway.fusion;

import io.ringcast.gateway.protocol.ServerMessages;

import java.util.ArrayList;
import java.util.List;

/**
 * One window of a fusion session: the items each declared stream contributed, what was conflated, and,
 * once the provider answered, its outputs. Group thread only.
 */
final class FusionWindow
{
    final long number;
    final List<List<String>> items;
    final int[] inputs;
    long conflated;
    long closedAtNanos;
    String outputs;
    String errorCode;
    String errorMessage;
    boolean answered;

    FusionWindow(final long number, final int streams)
    {
        this.number = number;
        this.items = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++)
        {
            items.add(new ArrayList<>(1));
        }
        this.inputs = new int[streams];
    }

    /**
     * @return false if an {@code all} stream already holds {@code maxItems} (the item is refused).
     */
    boolean add(final int stream, final String item, final boolean latest, final int maxItems)
    {
        final List<String> list = items.get(stream);
        if (latest)
        {
            if (!list.isEmpty())
            {
                list.clear();
                conflated++; // the older item is replaced by this newer one
            }
        }
        else if (list.size() >= maxItems)
        {
            return false;
        }
        list.add(item);
        inputs[stream]++;
        return true;
    }

    boolean hasInput()
    {
        for (final int n : inputs)
        {
            if (n > 0)
            {
                return true;
            }
        }
        return false;
    }

    /** Fold an older unsent window of a latest-only session into this one: its items are conflated. */
    void absorb(final FusionWindow older)
    {
        for (int s = 0; s < inputs.length; s++)
        {
            final List<String> olderItems = older.items.get(s);
            if (items.get(s).isEmpty())
            {
                items.get(s).addAll(olderItems);
            }
            else
            {
                conflated += olderItems.size();
            }
            inputs[s] += older.inputs[s];
        }
        conflated += older.conflated;
    }

    /** @return the request payload: {@code {"window":N,"streams":{"NAME":[item,...]}}}. */
    String payload(final String[] names)
    {
        final StringBuilder b = new StringBuilder(128).append("{\"window\":").append(number).append(",\"streams\":{");
        for (int s = 0; s < names.length; s++)
        {
            if (s > 0)
            {
                b.append(',');
            }
            b.append(ServerMessages.quote(names[s])).append(":[").append(String.join(",", items.get(s))).append(']');
        }
        return b.append("}}").toString();
    }
}
