package dev.benchmate.app.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What fetch unpacked from a checked archive: the archive's SHA-256 and the SHA-256 of each file
 * it put in place, kept beside the model as NAME.sha256 in sha256sum's format (so
 * {@code sha256sum -c NAME.sha256} in that folder checks it too). The manifest's checksum is the
 * archive's; this record is how verify can check an unpacked model later.
 *
 * @param files SHA-256 by path relative to the folder holding the model ("vosk-model-x/am/final.mdl")
 */
record UnpackRecord(String archive, String archiveSha256, Map<String, String> files) {
    private static final String HEAD = "# archive ";

    static Optional<UnpackRecord> read(Path record) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(record, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.get(0).startsWith(HEAD)) {
            return Optional.empty();
        }
        String[] head = lines.get(0).substring(HEAD.length()).trim().split("\\s+");
        if (head.length != 3 || !head[1].equals("sha256")) {
            return Optional.empty();
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int gap = line.indexOf("  ");
            if (gap != 64) {
                return Optional.empty();
            }
            files.put(line.substring(66), line.substring(0, 64));
        }
        return Optional.of(new UnpackRecord(head[0], head[2], files));
    }

    /** Writes the record through a temporary file and a rename, so it is whole or absent. */
    void write(Path record) throws IOException {
        StringBuilder text = new StringBuilder(HEAD).append(archive).append(" sha256 ").append(archiveSha256)
                .append('\n')
                .append("# written by 'benchmate models fetch' after checking the archive; ")
                .append("check with 'sha256sum -c ").append(record.getFileName()).append("' in this folder\n");
        files.forEach((path, sha) -> text.append(sha).append("  ").append(path).append('\n'));
        Path tmp = record.resolveSibling("." + record.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
