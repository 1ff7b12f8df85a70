package dev.benchmate.app.models;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where fetch takes the models from: each model's own address (the manifest's url), a base
 * address (--from https://mirror/models: the same file names under it), or a folder (--from
 * /media/usb: a USB stick holding the files as they are downloaded, archives included).
 */
public sealed interface FetchSource {
    /** Where one model comes from: an address or a file. */
    sealed interface Location {
        String describe();
    }

    record Address(URI uri) implements Location {
        @Override
        public String describe() {
            return uri.toString();
        }
    }

    record LocalFile(Path file) implements Location {
        @Override
        public String describe() {
            return file.toString();
        }
    }

    Location locate(ModelEntry model);

    /** --from's value: an http(s) address, a file: address or a folder; none: the manifest's addresses. */
    static FetchSource of(Optional<String> from) {
        if (from.isEmpty()) {
            return new Manifested();
        }
        String f = from.get();
        if (f.startsWith("http://") || f.startsWith("https://")) {
            try {
                URI base = new URI(f.endsWith("/") ? f : f + "/");
                if (base.getHost() == null) {
                    throw new IllegalArgumentException("--from " + f + ": not an address");
                }
                return new BaseAddress(base);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--from " + f + ": not an address (" + e.getReason() + ")");
            }
        }
        Path folder = f.startsWith("file:") ? Path.of(URI.create(f)) : Path.of(f);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--from " + f + ": no such folder (give a folder holding the model "
                    + "files, or an http(s) address)");
        }
        return new Folder(folder.toAbsolutePath());
    }

    record Manifested() implements FetchSource {
        @Override
        public Location locate(ModelEntry m) {
            return new Address(m.url().orElseThrow(() -> new ModelFetchException(m.file()
                    + ": no download address is known: " + m.obtain().orElse("see the manifest's note"))));
        }
    }

    record BaseAddress(URI base) implements FetchSource {
        @Override
        public Location locate(ModelEntry m) {
            return new Address(base.resolve(m.downloadName().replace(" ", "%20")));
        }
    }

    record Folder(Path folder) implements FetchSource {
        @Override
        public Location locate(ModelEntry m) {
            Path file = folder.resolve(m.downloadName());
            if (!Files.isRegularFile(file)) {
                throw new ModelFetchException(m.file() + ": not in " + folder + " (looked for " + file + ")");
            }
            return new LocalFile(file);
        }
    }
}
