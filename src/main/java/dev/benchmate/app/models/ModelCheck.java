package dev.benchmate.app.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What is in a model's place. {@link #quick} looks without reading the model (a listing of 2 GB
 * files stays instant): missing, present (right size), wrong (wrong size, or a file where a folder
 * belongs), unverified (no checksum can be known). {@link #full} also computes the SHA-256 (or,
 * for an unpacked archive, the SHA-256 of each file against the record fetch kept).
 *
 * @param detail why, for people; empty when the state says it all
 */
public record ModelCheck(ModelState state, String detail) {
    static final String NO_CHECKSUM = "no checksum is known for it";
    static final String NO_RECORD = "unpacked without 'benchmate models fetch': the manifest's checksum is the "
            + "archive's, and no record of it was kept";

    /** The state and, when there is one, why: "wrong (4 bytes, the manifest says 7)". */
    public String describe() {
        return detail.isEmpty() ? state.label() : state.label() + " (" + detail + ")";
    }

    public static ModelCheck quick(PlacedModel placed) {
        ModelEntry m = placed.entry();
        Path place = placed.place();
        try {
            if (!Files.exists(place, LinkOption.NOFOLLOW_LINKS) && !Files.exists(place)) {
                return new ModelCheck(ModelState.MISSING, "");
            }
            if (m.isFolder() != Files.isDirectory(place)) {
                return new ModelCheck(ModelState.WRONG, m.isFolder() ? "a file, where a folder belongs"
                        : "a folder, where a file belongs");
            }
            if (m.isFolder() && isEmpty(place)) {
                return new ModelCheck(ModelState.WRONG, "an empty folder");
            }
            if (m.archive().isEmpty() && m.size().isPresent() && Files.size(place) != m.size().getAsLong()) {
                return new ModelCheck(ModelState.WRONG, Files.size(place) + " bytes, the manifest says "
                        + m.size().getAsLong());
            }
            if (m.sha256().isEmpty()) {
                return new ModelCheck(ModelState.UNVERIFIED, NO_CHECKSUM);
            }
            if (m.archive().isPresent() && UnpackRecord.read(placed.unpackRecord()).isEmpty()) {
                return new ModelCheck(ModelState.UNVERIFIED, NO_RECORD);
            }
            return new ModelCheck(ModelState.PRESENT, "");
        } catch (IOException e) {
            return new ModelCheck(ModelState.WRONG, "cannot read it: " + e.getMessage());
        }
    }

    /** The quick look, then the checksum where one is known. */
    public static ModelCheck full(PlacedModel placed, Progress.Factory progress) {
        ModelCheck quick = quick(placed);
        if (quick.state() != ModelState.PRESENT) {
            return quick;
        }
        ModelEntry m = placed.entry();
        String expected = m.sha256().orElseThrow();
        try {
            if (m.archive().isEmpty()) {
                Progress p = progress.start(m.file(), "checking", Files.size(placed.place()), 0);
                String actual = Sha256.of(placed.place(), p);
                p.end();
                return actual.equals(expected) ? new ModelCheck(ModelState.CHECKSUM_OK, "")
                        : new ModelCheck(ModelState.WRONG, "its SHA-256 is " + actual + ", the manifest says " + expected);
            }
            UnpackRecord record = UnpackRecord.read(placed.unpackRecord()).orElseThrow();
            if (!record.archiveSha256().equals(expected)) {
                return new ModelCheck(ModelState.WRONG, "unpacked from another archive (SHA-256 "
                        + record.archiveSha256() + "), the manifest says " + expected);
            }
            Path folder = placed.place().getParent();
            for (Map.Entry<String, String> f : record.files().entrySet()) {
                Path file = folder.resolve(f.getKey()).normalize();
                if (!file.startsWith(placed.place())) {
                    return new ModelCheck(ModelState.WRONG, "its record " + placed.unpackRecord() + " names "
                            + f.getKey() + ", outside the model");
                }
                if (!Files.isRegularFile(file)) {
                    return new ModelCheck(ModelState.WRONG, f.getKey() + " is missing");
                }
                if (!Sha256.of(file).equals(f.getValue())) {
                    return new ModelCheck(ModelState.WRONG, f.getKey() + " changed since it was unpacked");
                }
            }
            return new ModelCheck(ModelState.CHECKSUM_OK, "as unpacked from " + record.archive());
        } catch (IOException e) {
            return new ModelCheck(ModelState.WRONG, "cannot read it: " + e.getMessage());
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (var list = Files.list(folder)) {
            return list.findAny().isEmpty();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
