package dev.benchmate.app.models;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One model of the manifest. {@code size}, {@code sha256} and {@code url} describe what is
 * downloaded: the model file itself, or the archive that holds it. Unknown facts are absent, never
 * guessed: a model without a SHA-256 is reported as unverified.
 *
 * @param name     what it is, for people
 * @param file     its name in place: a file, or the folder an archive unpacks to
 * @param setting  the setting that names where Benchmate loads it from
 * @param socs     the SoCs it is made for (empty: any)
 * @param language the listening language it serves (Vosk models), if any
 * @param runtime  what it needs to run (runtime release, driver), for people
 * @param archive  the archive it comes in, if any
 * @param obtain   how a person gets it when there is no download address (or in addition)
 */
public record ModelEntry(String name, String file, ModelSetting setting, List<String> socs, Optional<String> language,
                         String runtime, Optional<URI> url, OptionalLong size, Optional<String> sha256,
                         Optional<Archive> archive, String source, String note, Optional<String> obtain) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * A zip archive and the entry in it that is the model: a folder (ending with '/') that becomes
     * the model's folder, or one file.
     */
    public record Archive(String file, String entry) {
        public boolean isFolder() {
            return entry.endsWith("/");
        }
    }

    /** The name of what is downloaded: the archive's, or the model file's. */
    public String downloadName() {
        return archive.map(Archive::file).orElse(file);
    }

    /** True when the model in place is a folder (an unpacked archive folder). */
    public boolean isFolder() {
        return archive.map(Archive::isFolder).orElse(false);
    }

    boolean fitsSoc(String platform) {
        return socs.isEmpty() || socs.contains(platform.toLowerCase(Locale.ROOT));
    }

    boolean fitsLanguage(String listeningLanguage) {
        return language.map(l -> l.equalsIgnoreCase(listeningLanguage)).orElse(true);
    }

    /** What a person does to get it: the fetch command, or the manifest's instructions. */
    public String howToGet() {
        if (url.isPresent()) {
            return "benchmate models fetch " + file + " (from " + url.get() + ")";
        }
        return obtain.orElse("no download address is known");
    }

    static ModelEntry from(Map<String, Object> m, int index) {
        String where = "model " + (index + 1);
        String file = text(m, "file", where).orElseThrow(() -> missing("file", "model " + (index + 1)));
        where = file;
        if (file.isBlank() || file.contains("/") || file.equals(".") || file.equals("..")) {
            throw new IllegalArgumentException(where + ": \"file\" must be a plain file or folder name");
        }
        String name = text(m, "name", where).orElseThrow(() -> missing("name", file));
        String settingKey = text(m, "setting", file).orElseThrow(() -> missing("setting", file));
        ModelSetting setting = ModelSetting.byKey(settingKey).orElseThrow(() -> new IllegalArgumentException(file
                + ": \"setting\" " + settingKey + " is not a setting that names a model"));
        Map<String, Object> needs = object(m, "needs", file);
        List<String> socs = needs.get("soc") == null ? List.of() : strings(needs.get("soc"), file + " needs.soc");
        Optional<String> language = text(needs, "language", file);
        String runtime = text(needs, "runtime", file).orElse("");
        Optional<URI> url = text(m, "url", file).map(u -> uri(u, file));
        OptionalLong size = number(m, "size", file);
        Optional<String> sha = text(m, "sha256", file);
        if (sha.isPresent() && !SHA256.matcher(sha.get()).matches()) {
            throw new IllegalArgumentException(file + ": \"sha256\" must be 64 lower-case hex digits or null");
        }
        Optional<Archive> archive = Optional.empty();
        if (m.get("archive") != null) {
            Map<String, Object> a = object(m, "archive", file);
            String af = text(a, "file", file + " archive").orElseThrow(() -> missing("archive.file", file));
            String entry = text(a, "entry", file + " archive").orElseThrow(() -> missing("archive.entry", file));
            if (!af.endsWith(".zip") || af.contains("/")) {
                throw new IllegalArgumentException(file + ": \"archive.file\" must be the name of a .zip");
            }
            if (entry.startsWith("/") || entry.contains("..") || entry.contains("\\") || entry.equals("/")) {
                throw new IllegalArgumentException(file + ": \"archive.entry\" must be a relative path inside the zip");
            }
            archive = Optional.of(new Archive(af, entry));
            if (setting.namesFolder() && archive.get().isFolder()) {
                throw new IllegalArgumentException(file + ": " + setting.key() + " names the folder holding a file;"
                        + " \"archive.entry\" must be a file");
            }
        }
        String source = text(m, "source", file).orElseThrow(() -> missing("source", file));
        String note = text(m, "note", file).orElse("");
        Optional<String> obtain = text(m, "obtain", file);
        if (sha.isEmpty() && note.isBlank()) {
            throw new IllegalArgumentException(file + ": a model without \"sha256\" says why in \"note\"");
        }
        if (url.isEmpty() && obtain.isEmpty()) {
            throw new IllegalArgumentException(file + ": a model without \"url\" says how to get it in \"obtain\"");
        }
        return new ModelEntry(name, file, setting, socs, language, runtime, url, size, sha, archive, source, note,
                obtain);
    }

    private static IllegalArgumentException missing(String field, String where) {
        return new IllegalArgumentException(where + ": \"" + field + "\" is missing");
    }

    private static Optional<String> text(Map<String, Object> m, String field, String where) {
        Object v = m.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a string or null");
        }
        return Optional.of(s);
    }

    private static OptionalLong number(Map<String, Object> m, String field, String where) {
        Object v = m.get(field);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!(v instanceof Long l) || l < 0) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a whole number of bytes or null");
        }
        return OptionalLong.of(l);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String field, String where) {
        Object v = m.get(field);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be an object");
        }
        return (Map<String, Object>) v;
    }

    private static List<String> strings(Object v, String where) {
        if (v instanceof String s) {
            return List.of(s.toLowerCase(Locale.ROOT));
        }
        if (!(v instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
            throw new IllegalArgumentException(where + " must be a string or a list of strings");
        }
        return list.stream().map(x -> ((String) x).toLowerCase(Locale.ROOT)).toList();
    }

    private static URI uri(String u, String where) {
        try {
            URI uri = new URI(u);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(where + ": \"url\" must be an http(s) address: " + u);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + ": \"url\" is not an address: " + u);
        }
    }
}
