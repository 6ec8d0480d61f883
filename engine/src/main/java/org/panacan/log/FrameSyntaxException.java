package org.panacan.log;

/**
 * A frame in can-utils text ({@code 123#DEADBEEF}), a candump log line or a Vector ASC line is malformed. Says where
 * (line and column, both counted from 1) and why, so that a bad line in a long log is found at once:
 * {@code line 17, column 24: odd number of hex digits in the payload}.
 */
public final class FrameSyntaxException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;
    private final String text;

    /**
     * @param line   the line number in the file, counted from 1; 0 when the text did not come from a file
     * @param column the column of the first offending character, counted from 1
     * @param reason what is wrong
     * @param text   the offending line (or string) as read
     */
    public FrameSyntaxException(final int line, final int column, final String reason, final String text)
    {
        super((line > 0 ? "line " + line + ", " : "") + "column " + column + ": " + reason + ": \"" + text + "\"");
        this.line = line;
        this.column = column;
        this.reason = reason;
        this.text = text;
    }

    /** The line number counted from 1, or 0 when the text was a single string (a cansend argument). */
    public int line()
    {
        return line;
    }

    /** The column of the first offending character, counted from 1. */
    public int column()
    {
        return column;
    }

    /** What is wrong, without the position. */
    public String reason()
    {
        return reason;
    }

    /** The offending line as read. */
    public String text()
    {
        return text;
    }
}
