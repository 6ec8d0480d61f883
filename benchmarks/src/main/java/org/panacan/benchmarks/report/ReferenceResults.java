package org.panacan.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The {@code RESULT name=ID key=value ...} lines the C programs and the python-can script print, collected by
 * scripts/bench into {@code refs.txt}. A full run measures each C reference before and after its JMH group; values
 * of the same name are averaged, and their spread shows how much the machine drifted meanwhile.
 */
final class ReferenceResults
{
    private final Map<String, List<Map<String, String>>> results = new LinkedHashMap<>();

    ReferenceResults(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return;
        }
        for (final String line : Files.readAllLines(file))
        {
            if (!line.startsWith("RESULT "))
            {
                continue;
            }
            final Map<String, String> values = new LinkedHashMap<>();
            for (final String pair : line.substring(7).trim().split("\\s+"))
            {
                final String[] kv = pair.split("=", 2);
                values.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            results.computeIfAbsent(values.get("name"), name -> new ArrayList<>()).add(values);
        }
    }

    /** The mean of a numeric value over every measurement named {@code name}, e.g. {@code frames_per_s}. */
    OptionalDouble value(final String name, final String key)
    {
        return values(name, key).stream().mapToDouble(Double::doubleValue).average();
    }

    /** Every measured value, in run order. */
    List<Double> values(final String name, final String key)
    {
        final List<Double> values = new ArrayList<>();
        for (final Map<String, String> result : results.getOrDefault(name, List.of()))
        {
            if (result.containsKey(key))
            {
                values.add(Double.parseDouble(result.get(key)));
            }
        }
        return values;
    }
}
