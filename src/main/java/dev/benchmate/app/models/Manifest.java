package dev.benchmate.app.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The list of models Benchmate uses by default, with what is known of each (models/manifest.json in
 * the repository; the jar carries a copy, and the .deb installs it as
 * /usr/share/benchmate/models/manifest.json).
 *
 * @param origin where it was read from, for messages ("built in" or a path)
 */
public record Manifest(List<ModelEntry> models, String origin) {
    /** Where the jar carries its copy. */
    public static final String RESOURCE = "models/manifest.json";

    /** The manifest the jar carries. */
    public static Manifest builtIn() {
        try (InputStream in = Manifest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the application carries no models manifest (" + RESOURCE
                        + "): use --manifest FILE");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built in");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in models manifest: " + e.getMessage(), e);
        }
    }

    /** A manifest file (--manifest FILE). */
    public static Manifest read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("manifest not found: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the manifest " + file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Manifest parse(String json, String origin) {
        try {
            Object root = Json.parse(json);
            if (!(root instanceof Map)) {
                throw new IllegalArgumentException("the manifest is not a JSON object");
            }
            Map<String, Object> m = (Map<String, Object>) root;
            if (!Long.valueOf(1).equals(m.get("format"))) {
                throw new IllegalArgumentException("\"format\" must be 1 (this Benchmate reads format 1)");
            }
            if (!(m.get("models") instanceof List<?> list)) {
                throw new IllegalArgumentException("\"models\" must be a list");
            }
            List<ModelEntry> models = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map)) {
                    throw new IllegalArgumentException("model " + (i + 1) + " is not an object");
                }
                ModelEntry e = ModelEntry.from((Map<String, Object>) list.get(i), i);
                if (!names.add(e.file()) || (e.archive().isPresent() && !names.add(e.downloadName()))) {
                    throw new IllegalArgumentException(e.file() + " appears twice");
                }
                models.add(e);
            }
            return new Manifest(List.copyOf(models), origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("models manifest (" + origin + "): " + e.getMessage(), e);
        }
    }

    /** The model a person named: by its file name or its archive's name. */
    public Optional<ModelEntry> find(String name) {
        return models.stream().filter(m -> m.file().equals(name) || m.downloadName().equals(name)).findFirst();
    }
}
