package dev.benchmate.app.models;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code benchmate models}, {@code models verify} and {@code models fetch}: the manifest's models
 * for the configured SoC and listening language, where the configuration expects each, and what
 * is there.
 */
public final class ModelsManager {
    private final Manifest manifest;
    private final ModelSettings settings;
    private final PrintStream out;
    private final Progress.Factory progress;

    /** @param terminal true when out is a terminal: progress is then a bar redrawn in place */
    public ModelsManager(Manifest manifest, ModelSettings settings, PrintStream out, boolean terminal) {
        this.manifest = manifest;
        this.settings = settings;
        this.out = out;
        this.progress = Progress.Factory.on(out, terminal);
    }

    /**
     * One line per model: file, state, place (setting). Sizes only, no checksum: instant even for
     * 2 GB files. Exit status 0.
     */
    public int list(boolean all) {
        List<PlacedModel> models = settings.placed(manifest, all);
        out.println("Models for " + settings.platform() + " (manifest: " + manifest.origin() + "); sizes only, "
                + "'benchmate models verify' checks the checksums");
        Map<ModelState, Integer> counts = new EnumMap<>(ModelState.class);
        Table table = new Table();
        for (PlacedModel p : models) {
            ModelCheck c = ModelCheck.quick(p);
            if (p.relevant()) {
                counts.merge(c.state(), 1, Integer::sum);
            }
            table.add(p, c, detailLines(p, c, false));
        }
        table.print(out);
        long relevant = models.stream().filter(PlacedModel::relevant).count();
        out.println(relevant + (relevant == 1 ? " model" : " models") + " for " + settings.platform() + ": "
                + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", ")) + ".");
        if (counts.containsKey(ModelState.MISSING) || counts.containsKey(ModelState.WRONG)) {
            out.println("'benchmate models fetch' gets them; 'benchmate models verify' says where each comes from.");
        }
        noBrainNote();
        return 0;
    }

    /**
     * Checks each model (SHA-256 where known) and exits 1 unless every one is in place, not wrong,
     * and where the configuration loads it from; names each that is not and how to get it.
     */
    public int verify() {
        List<PlacedModel> models = settings.placed(manifest, false);
        out.println("Checking the models for " + settings.platform() + " (manifest: " + manifest.origin() + ")");
        Table table = new Table();
        Map<String, String> notReady = new LinkedHashMap<>();
        int unverified = 0;
        for (PlacedModel p : models) {
            ModelCheck c = ModelCheck.full(p, progress);
            table.add(p, c, detailLines(p, c, true));
            if (!c.state().usable()) {
                notReady.put(p.entry().file(), c.state().label());
            } else if (!p.configured()) {
                notReady.put(p.entry().file(), "not configured");
            }
            if (c.state() == ModelState.UNVERIFIED) {
                unverified++;
            }
            table.print(out);
        }
        noBrainNote();
        if (notReady.isEmpty()) {
            out.println("verify: " + models.size() + (models.size() == 1 ? " model" : " models") + ", all in place"
                    + (unverified == 0 ? ""
                    : " (" + unverified + " unverified: no checksum can be checked for "
                    + (unverified == 1 ? "it" : "them") + ")"));
            return 0;
        }
        out.println("verify: " + notReady.size() + " of " + models.size() + " models not ready: "
                + notReady.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", ")));
        return 1;
    }

    /**
     * Fetches the named models (none: every model for this configuration), each unless it is in
     * place already. Exit status 1 when one of them could not be fetched.
     *
     * @param from  a folder or a base address; empty: each model's own address
     * @param names file or archive names from the manifest
     */
    public int fetch(Optional<String> from, List<String> names, ModelFetcher.Options options) {
        List<PlacedModel> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            chosen.addAll(settings.placed(manifest, false));
        } else {
            for (String n : names) {
                ModelEntry m = manifest.find(n).orElseThrow(() -> new IllegalArgumentException("no model named " + n
                        + " in the manifest (" + manifest.origin() + "): 'benchmate models --all' lists them"));
                chosen.add(settings.place(m));
            }
        }
        FetchSource source = FetchSource.of(from);
        List<String> failed = new ArrayList<>();
        int inPlace = 0;
        int unverified = 0;
        try (ModelFetcher fetcher = new ModelFetcher(options, out, progress)) {
            for (PlacedModel p : chosen) {
                String name = p.entry().file();
                try {
                    ModelFetcher.Outcome o = fetcher.fetch(p, source);
                    out.println(name + ": " + o.message());
                    p.configNote().ifPresent(note -> out.println(name + ": to use it, " + note));
                    inPlace++;
                    if (o.state() == ModelState.UNVERIFIED) {
                        unverified++;
                    }
                } catch (ModelFetchException e) {
                    out.println(e.getMessage());
                    failed.add(name);
                }
            }
        }
        out.println("fetch: " + inPlace + " in place" + (unverified > 0 ? " (" + unverified + " unverified)" : "")
                + (failed.isEmpty() ? "" : ", " + failed.size() + " failed: " + String.join(", ", failed)));
        return failed.isEmpty() ? 0 : 1;
    }

    private List<String> detailLines(PlacedModel p, ModelCheck c, boolean howToGet) {
        List<String> lines = new ArrayList<>();
        if (!c.detail().isEmpty()) {
            lines.add(c.detail());
        }
        p.configNote().ifPresent(lines::add);
        if (howToGet && (c.state() == ModelState.MISSING || c.state() == ModelState.WRONG)) {
            lines.add("get it: " + p.entry().howToGet());
        }
        return lines;
    }

    private void noBrainNote() {
        boolean llm = manifest.models().stream().anyMatch(m -> m.setting() == ModelSetting.LLM && settings.relevant(m));
        if (!llm) {
            out.println("The manifest lists no language model or vision encoder for " + settings.platform()
                    + ": benchmate.llm.model and benchmate.vision.model name models converted for it by you.");
        }
    }

    /** Lines aligned in columns: file, state, place (setting); details indented below. */
    private final class Table {
        private final List<Object[]> rows = new ArrayList<>();
        private int printed;

        void add(PlacedModel p, ModelCheck c, List<String> details) {
            rows.add(new Object[] {p, c, details});
        }

        /** Prints the rows not printed yet (verify prints each as soon as it is checked). */
        void print(PrintStream out) {
            int fileWidth = manifest.models().stream().mapToInt(m -> m.file().length()).max().orElse(0);
            int stateWidth = 11;
            for (; printed < rows.size(); printed++) {
                Object[] row = rows.get(printed);
                PlacedModel p = (PlacedModel) row[0];
                ModelCheck c = (ModelCheck) row[1];
                @SuppressWarnings("unchecked")
                List<String> details = (List<String>) row[2];
                String use = p.relevant() ? p.entry().setting().key()
                        : p.entry().setting().key() + ", " + settings.otherUse(p.entry());
                out.println("  " + pad(p.entry().file(), fileWidth) + "  " + pad(c.state().label(), stateWidth) + "  "
                        + p.place() + " (" + use + ")");
                for (String d : details) {
                    out.println("      " + d);
                }
            }
        }

        private static String pad(String s, int width) {
            return s.length() >= width ? s : s + " ".repeat(width - s.length());
        }
    }
}
