package dev.benchmate.bindings;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and loads a runtime library (librkllmrt.so, librknnrt.so): the configured path first,
 * then the places the Rockchip SDK and Debian packages install to, then the dynamic loader's
 * own search (LD_LIBRARY_PATH, ld.so.cache).
 */
public final class NativeLibraries {
    static final List<Path> SYSTEM_DIRS = List.of(
            Path.of("/usr/lib"), Path.of("/usr/lib64"), Path.of("/usr/local/lib"),
            Path.of("/usr/lib/aarch64-linux-gnu"), Path.of("/lib"));

    private NativeLibraries() {
    }

    /**
     * @param configured a file path, or empty to search
     * @param name the library name without "lib" and ".so", e.g. "rkllmrt"
     * @param setting the configuration key a person would change, quoted in errors
     */
    public static <T extends Library> T load(Optional<Path> configured, String name, Class<T> type, String setting) {
        String fileName = "lib" + name + ".so";
        Map<String, Object> options = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");
        if (configured.isPresent()) {
            Path path = configured.get();
            Path file = Files.isDirectory(path) ? path.resolve(fileName) : path;
            if (!Files.isRegularFile(file)) {
                throw new NativeLibraryMissingException(fileName + " not found at " + file + " (set " + setting + ")");
            }
            return loadFile(file, fileName, type, options);
        }
        for (Path dir : SYSTEM_DIRS) {
            Path file = dir.resolve(fileName);
            if (Files.isRegularFile(file)) {
                return loadFile(file, fileName, type, options);
            }
        }
        try {
            return Native.load(name, type, options);
        } catch (UnsatisfiedLinkError e) {
            throw new NativeLibraryMissingException(fileName + " not found in " + SYSTEM_DIRS
                    + " nor on the loader path; install the Rockchip runtime or set " + setting, e);
        }
    }

    /**
     * The file {@link #load} would load: the configured one, or the first in the system folders;
     * empty when it would be left to the dynamic loader's own search (or is absent).
     */
    public static Optional<Path> locate(Optional<Path> configured, String name) {
        String fileName = "lib" + name + ".so";
        if (configured.isPresent()) {
            Path path = configured.get();
            Path file = Files.isDirectory(path) ? path.resolve(fileName) : path;
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        }
        return SYSTEM_DIRS.stream().map(dir -> dir.resolve(fileName)).filter(Files::isRegularFile).findFirst();
    }

    private static <T extends Library> T loadFile(Path file, String fileName, Class<T> type, Map<String, Object> options) {
        try {
            return Native.load(file.toAbsolutePath().toString(), type, options);
        } catch (UnsatisfiedLinkError e) {
            throw new NativeLibraryMissingException("cannot load " + file + ": " + firstLine(e.getMessage())
                    + " (" + fileName + " must be built for " + System.getProperty("os.arch") + ")", e);
        }
    }

    /**
     * Adds a folder where JNA looks for a library that another jar loads by name (libvosk.so for
     * the Vosk jar), before that jar first loads it.
     */
    public static void addSearchPath(String name, Path dir) {
        com.sun.jna.NativeLibrary.addSearchPath(name, dir.toAbsolutePath().toString());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
