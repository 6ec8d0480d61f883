package org.panacan.log;

/** The interface names a reader has seen, so that a name is allocated once, not once per line. */
final class InterfaceNames
{
    private final String[] names = new String[32];
    private int count;

    /** The name in {@code line[from, to)}, as the same {@code String} instance each time it recurs. */
    String intern(final LineReader.Line line, final int from, final int to)
    {
        for (int i = 0; i < count; i++)
        {
            if (line.regionEquals(from, to, names[i]))
            {
                return names[i];
            }
        }
        final String name = line.subSequence(from, to).toString();
        if (count < names.length)
        {
            names[count++] = name;
        }
        return name;
    }
}
