package org.panacan.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of a JMH {@code -rf csv} result file: primary scores and secondary ones ({@code name:gc.alloc.rate.norm},
 * aux counters), keyed by the benchmark name without {@code org.panacan.benchmarks.} and its parameters.
 */
final class JmhResults
{
    private static final String PREFIX = "org.panacan.benchmarks.";

    /** One CSV row. */
    record Row(String benchmark, String secondary, String mode, double score, double error, String unit,
        Map<String, String> params)
    {
        String label()
        {
            final String text = params.toString();
            return params.isEmpty() ? benchmark : benchmark + " (" + text.substring(1, text.length() - 1) + ")";
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<Row> used = new ArrayList<>();

    /** Reads every {@code jmh*.csv} in {@code directory} (one per JMH run of the suite). */
    JmhResults(final Path directory) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            return;
        }
        try (var files = Files.newDirectoryStream(directory, "jmh*.csv"))
        {
            for (final Path csv : files)
            {
                read(csv);
            }
        }
    }

    private void read(final Path csv) throws IOException
    {
        final List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty())
        {
            return;
        }
        final List<String> header = split(lines.getFirst());
        for (final String line : lines.subList(1, lines.size()))
        {
            if (line.isBlank())
            {
                continue;
            }
            final List<String> cells = split(line);
            String name = cells.get(0);
            name = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
            final int colon = name.indexOf(':');
            final Map<String, String> params = new LinkedHashMap<>();
            for (int i = 7; i < Math.min(header.size(), cells.size()); i++)
            {
                if (!cells.get(i).isEmpty())
                {
                    params.put(header.get(i).replace("Param: ", ""), cells.get(i));
                }
            }
            rows.add(new Row(colon < 0 ? name : name.substring(0, colon), colon < 0 ? "" : name.substring(colon + 1),
                cells.get(1), number(cells.get(4)), number(cells.get(5)), cells.get(6), params));
        }
    }

    boolean isEmpty()
    {
        return rows.isEmpty();
    }

    /** The primary score of {@code benchmark} with exactly these parameters (name=value pairs). */
    Optional<Row> primary(final String benchmark, final String... params)
    {
        return find(benchmark, "", params);
    }

    /** A secondary score ({@code gc.alloc.rate.norm}, an aux counter). */
    Optional<Row> secondary(final String benchmark, final String secondary, final String... params)
    {
        return find(benchmark, secondary, params);
    }

    private Optional<Row> find(final String benchmark, final String secondary, final String... params)
    {
        for (final Row row : rows)
        {
            if (row.benchmark.equals(benchmark) && row.secondary.equals(secondary) && matches(row.params, params))
            {
                used.add(row);
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    /** Primary rows no section of the report asked for (benchmarks added later, such as BCM or ISO-TP). */
    List<Row> unusedPrimaries()
    {
        return rows.stream().filter(row -> row.secondary.isEmpty() && !used.contains(row)).toList();
    }

    /** Every primary row. */
    List<Row> primaries()
    {
        return rows.stream().filter(row -> row.secondary.isEmpty()).toList();
    }

    private static boolean matches(final Map<String, String> actual, final String... params)
    {
        for (final String param : params)
        {
            final String[] pair = param.split("=", 2);
            if (!pair[1].equals(actual.get(pair[0])))
            {
                return false;
            }
        }
        return true;
    }

    private static double number(final String text)
    {
        try
        {
            return Double.parseDouble(text);
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }

    /** Splits one CSV line (JMH quotes strings and never embeds quotes). */
    private static List<String> split(final String line)
    {
        final List<String> cells = new ArrayList<>();
        final StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.add(cell.toString());
                cell.setLength(0);
            }
            else
            {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
