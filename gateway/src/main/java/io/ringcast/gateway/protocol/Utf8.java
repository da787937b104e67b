package io.ringcast.gateway.protocol;

/** UTF-8 byte length of a string without encoding it. */
public final class Utf8
{
    private Utf8()
    {
    }

    /**
     * @param s any string.
     * @return its length in UTF-8 bytes.
     */
    public static int length(final CharSequence s)
    {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                bytes++;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1)))
            {
                bytes += 4;
                i++;
            }
            else
            {
                bytes += 3;
            }
        }
        return bytes;
    }
}
