package dev.benchmate.app.models;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Fetches one model into its place, so that nothing partial or wrong is ever under the model's
 * real name:
 * <ul>
 *   <li>the download goes to NAME.part in the model's folder (an archive: ARCHIVE.zip.part); a
 *       broken transfer is resumed from the part's end (HTTP Range, or the file's offset for a
 *       folder source), within the run and by the next run;</li>
 *   <li>its size and SHA-256 are checked against the manifest before anything is put in place; a
 *       download that does not match is refused and its part removed;</li>
 *   <li>a file goes into place by one atomic rename in the same folder; an archive is unpacked
 *       into a hidden folder beside the place, then renamed into place, and a record of what was
 *       unpacked (NAME.sha256) is kept for verify;</li>
 *   <li>a model without a known checksum is fetched all the same and reported as unverified, with
 *       the SHA-256 it has, so a person can record it.</li>
 * </ul>
 * Every failure is a {@link ModelFetchException} of one line naming the model and the cause.
 */
public final class ModelFetcher implements Closeable {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /**
     * @param attempts       transfers tried per model before giving up (a broken one resumes)
     * @param backoff        wait before the second attempt, doubled each time after
     * @param stall          a transfer that receives nothing for this long is broken
     * @param connectTimeout how long a connection (and the answer's headers) may take
     */
    public record Options(int attempts, Duration backoff, Duration stall, Duration connectTimeout) {
        public static Options defaults() {
            return new Options(4, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(30));
        }
    }

    /**
     * @param state        CHECKSUM_OK, or UNVERIFIED when no checksum is known
     * @param alreadyThere true when nothing was fetched: the model was already in place
     */
    public record Outcome(ModelState state, boolean alreadyThere, String message) {
    }

    private record Opened(InputStream in, long start, long total) {
    }

    /** The transfer (the reading side) broke: worth resuming. */
    private static final class Broken extends Exception {
        Broken(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final Options options;
    private final PrintStream out;
    private final Progress.Factory progress;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "models-fetch-watchdog");
        t.setDaemon(true);
        return t;
    });

    public ModelFetcher(Options options, PrintStream out, Progress.Factory progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Fetches the model unless it is in place already (checked by its checksum where one is known). */
    public Outcome fetch(PlacedModel placed, FetchSource source) {
        ModelEntry m = placed.entry();
        String name = m.file();
        Path place = placed.place();
        FetchSource.Location from = source.locate(m);
        ModelCheck now = ModelCheck.full(placed, progress);
        if (now.state() == ModelState.CHECKSUM_OK) {
            return new Outcome(ModelState.CHECKSUM_OK, true, "already in place, checksum ok: " + place);
        }
        if (now.state() == ModelState.UNVERIFIED) {
            return new Outcome(ModelState.UNVERIFIED, true, "already in place at " + place + ", unverified ("
                    + now.detail() + "); left as it is: remove it to fetch it again");
        }
        if (now.state() == ModelState.WRONG) {
            out.println(name + ": " + place + " is wrong (" + now.detail() + "): fetching it again");
        }
        Path folder = place.getParent();
        Path part = folder.resolve(m.downloadName() + ".part");
        out.println(name + ": fetching " + from.describe()
                + (m.size().isPresent() ? " (" + Progress.size(m.size().getAsLong()) + ")" : "") + " into " + folder);
        try (Lock lock = new Lock(placed, folder.resolve("." + m.downloadName() + ".lock"))) {
            return fetchLocked(placed, from, part, lock);
        }
    }

    private Outcome fetchLocked(PlacedModel placed, FetchSource.Location from, Path part, Lock lock) {
        ModelEntry m = placed.entry();
        String name = m.file();
        Path place = placed.place();
        MessageDigest digest = transfer(placed, from, part, lock);
        String sha = Sha256.hex(digest);
        long got = size(part, placed);
        if (m.size().isPresent() && got != m.size().getAsLong()) {
            discard(part);
            throw new ModelFetchException(name + ": refused: " + from.describe() + " gave " + got
                    + " bytes, the manifest says " + m.size().getAsLong() + "; the download is removed");
        }
        if (m.sha256().isPresent() && !m.sha256().get().equals(sha)) {
            discard(part);
            throw new ModelFetchException(name + ": refused: the SHA-256 of what " + from.describe() + " gave is "
                    + sha + ", the manifest says " + m.sha256().get() + "; the download is removed");
        }
        install(placed, part, sha);
        if (m.sha256().isPresent()) {
            return new Outcome(ModelState.CHECKSUM_OK, false, "checksum ok; in place at " + place);
        }
        return new Outcome(ModelState.UNVERIFIED, false, "in place at " + place + ", unverified: the manifest "
                + "knows no checksum for it (the SHA-256 of what was fetched is " + sha + ")");
    }

    // --- the transfer -----------------------------------------------------------------------

    private MessageDigest transfer(PlacedModel placed, FetchSource.Location from, Path part, Lock lock) {
        ModelEntry m = placed.entry();
        String name = m.file();
        long expected = m.size().orElse(-1);
        MessageDigest digest = Sha256.digest();
        if (Files.isDirectory(part.getParent())) {
            lock.take();
        }
        long have = Files.exists(part) ? size(part, placed) : 0;
        if (expected >= 0 && have > expected) {
            discard(part);
            have = 0;
        }
        if (have > 0) {
            out.println(name + ": resuming after the " + Progress.size(have) + " fetched before (" + part + ")");
            try {
                Progress p = progress.start(name, "checking the part fetched before", have, 0);
                Sha256.feed(part, digest, p);
                p.end();
            } catch (IOException e) {
                throw new ModelFetchException(name + ": cannot read " + part + ": " + e.getMessage());
            }
        }
        checkRoom(placed, part, expected, have);
        for (int attempt = 1; ; attempt++) {
            if (expected >= 0 && have == expected) {
                return digest;
            }
            try {
                Opened opened = open(from, have, name);
                try {
                    createFolder(placed, part.getParent());
                    lock.take();
                } catch (RuntimeException e) {
                    closeQuietly(opened.in());
                    throw e;
                }
                if (opened.start() != have) {
                    out.println(name + ": " + from.describe() + " does not resume transfers: starting again");
                    discard(part);
                    digest = Sha256.digest();
                    have = 0;
                }
                long total = opened.total() >= 0 ? opened.total() : expected;
                have = copy(opened.in(), placed, part, digest, have, total, expected);
                return digest;
            } catch (Broken broken) {
                have = Files.exists(part) ? size(part, placed) : 0;
                if (attempt >= options.attempts()) {
                    throw new ModelFetchException(name + ": the transfer from " + from.describe() + " broke ("
                            + broken.getMessage() + ") " + attempt + (attempt == 1 ? " time" : " times")
                            + "; the " + Progress.size(have) + " fetched are kept in " + part
                            + ": run the fetch again to resume");
                }
                out.println(name + ": the transfer broke (" + broken.getMessage() + ") after "
                        + Progress.size(have) + "; resuming (attempt " + (attempt + 1) + " of " + options.attempts()
                        + ")");
                pause(options.backoff().multipliedBy(1L << Math.min(attempt - 1, 5)));
            }
        }
    }

    private Opened open(FetchSource.Location from, long offset, String name) throws Broken {
        if (from instanceof FetchSource.LocalFile f) {
            try {
                FileChannel channel = FileChannel.open(f.file(), StandardOpenOption.READ);
                long total = channel.size();
                long start = offset <= total ? offset : 0;
                channel.position(start);
                return new Opened(Channels.newInputStream(channel), start, total);
            } catch (IOException e) {
                throw new ModelFetchException(name + ": cannot read " + f.file() + ": " + e.getMessage());
            }
        }
        URI uri = ((FetchSource.Address) from).uri();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .timeout(options.connectTimeout())
                .header("User-Agent", "Benchmate (benchmate models fetch)");
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new ModelFetchException(name + ": no connection to " + hostOf(uri) + " within "
                    + options.connectTimeout().toSeconds() + " s (is the network up?)");
        } catch (HttpTimeoutException e) {
            throw new Broken(hostOf(uri) + " did not answer within " + options.connectTimeout().toSeconds() + " s");
        } catch (ConnectException e) {
            if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
                throw new ModelFetchException(name + ": cannot resolve " + uri.getHost() + " (is the network up? "
                        + "or fetch from a folder: --from DIR)");
            }
            throw new ModelFetchException(name + ": cannot connect to " + hostOf(uri) + " ("
                    + (e.getMessage() == null ? "connection refused" : e.getMessage().toLowerCase()) + ")");
        } catch (IOException e) {
            if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
                throw new ModelFetchException(name + ": cannot resolve " + uri.getHost() + " (is the network up? "
                        + "or fetch from a folder: --from DIR)");
            }
            throw new Broken("connection to " + hostOf(uri) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFetchException(name + ": interrupted");
        }
        int status = response.statusCode();
        long length = response.headers().firstValueAsLong("content-length").orElse(-1);
        if (status == 200) {
            return new Opened(response.body(), 0, length);
        }
        if (status == 206) {
            Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("content-range").orElse(""));
            long start = range.matches() ? Long.parseLong(range.group(1)) : -1;
            if (start != offset) {
                closeQuietly(response.body());
                return open(from, 0, name);
            }
            long total = !range.group(3).equals("*") ? Long.parseLong(range.group(3))
                    : length >= 0 ? start + length : -1;
            return new Opened(response.body(), start, total);
        }
        closeQuietly(response.body());
        if (status == 416 && offset > 0) {
            // The part is longer than what the server has (or exactly as long, with no size known): start again.
            return open(from, 0, name);
        }
        if (status == 404 || status == 410) {
            throw new ModelFetchException(name + ": not found at " + uri + " (HTTP " + status + ")");
        }
        if (status >= 500) {
            throw new Broken(hostOf(uri) + " answered HTTP " + status);
        }
        throw new ModelFetchException(name + ": " + uri + " answered HTTP " + status
                + (status == 401 || status == 403 ? " (refused: the address may need a login)" : ""));
    }

    /** Appends what the stream gives to the part and the digest; returns the part's new length. */
    private long copy(InputStream in, PlacedModel placed, Path part, MessageDigest digest, long have, long total,
                      long expected) throws Broken {
        String name = placed.entry().file();
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long stallNanos = options.stall().toNanos();
        ScheduledFuture<?> watch = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastData.get() > stallNanos && stalled.compareAndSet(false, true)) {
                closeQuietly(in);
            }
        }, 1, 1, TimeUnit.SECONDS);
        Progress bar = progress.start(name, Progress.DOWNLOADING, total, have);
        long done = have;
        IOException readFailure = null;
        try {
            OutputStream file;
            try {
                file = new BufferedOutputStream(Files.newOutputStream(part, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND), 1 << 16);
            } catch (IOException e) {
                throw writeFailure(placed, part, e);
            }
            try (file) {
                byte[] buf = new byte[1 << 16];
                while (true) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (IOException e) {
                        readFailure = e;
                        break;
                    }
                    if (n < 0) {
                        break;
                    }
                    lastData.set(System.nanoTime());
                    if (expected >= 0 && done + n > expected) {
                        file.close();
                        discard(part);
                        throw new ModelFetchException(name + ": refused: the download is longer than the "
                                + expected + " bytes the manifest says; it is removed");
                    }
                    file.write(buf, 0, n);
                    digest.update(buf, 0, n);
                    done += n;
                    bar.advance(done);
                }
            } catch (IOException e) {
                throw writeFailure(placed, part, e);
            }
        } finally {
            watch.cancel(false);
            bar.end();
            closeQuietly(in);
        }
        if (stalled.get()) {
            throw new Broken("nothing received for " + options.stall().toSeconds() + " s");
        }
        if (readFailure != null) {
            throw new Broken(cut(readFailure));
        }
        if (total >= 0 && done < total) {
            throw new Broken("connection cut: " + done + " of " + total + " bytes arrived");
        }
        return done;
    }

    /**
     * One fetch of a model at a time: a lock on a hidden file beside its place, taken once the
     * folder exists and held until the model is in place (a second run stops at once, saying so).
     */
    private static final class Lock implements AutoCloseable {
        private final PlacedModel placed;
        private final Path file;
        private FileChannel channel;
        private FileLock lock;

        Lock(PlacedModel placed, Path file) {
            this.placed = placed;
            this.file = file;
        }

        void take() {
            if (lock != null) {
                return;
            }
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            } catch (IOException e) {
                throw writeFailure(placed, file, e);
            }
            if (lock == null) {
                closeQuietly(channel);
                channel = null;
                throw new ModelFetchException(placed.entry().file() + ": another 'benchmate models fetch' is fetching it "
                        + "(" + file + " is locked): let that one finish");
            }
        }

        @Override
        public void close() {
            if (lock != null) {
                discard(file);
                closeQuietly(channel);
            }
        }
    }

    /** Creates the model's folder once there is something to put in it (not for a source that fails). */
    private static void createFolder(PlacedModel placed, Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw writeFailure(placed, folder, e);
        }
    }

    private void checkRoom(PlacedModel placed, Path part, long expected, long have) {
        if (expected < 0) {
            return;
        }
        Path folder = part.getParent();
        Path existing = folder;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null) {
                return;
            }
            long usable = Files.getFileStore(existing).getUsableSpace();
            long needed = expected - have;
            if (needed > usable) {
                throw new ModelFetchException(placed.entry().file() + ": not enough room in " + folder + ": "
                        + Progress.size(usable) + " free, the download needs " + Progress.size(needed)
                        + " more (free some room, or set " + placed.entry().setting().key() + " to another folder)");
            }
        } catch (IOException e) {
            // The room cannot be known here; the write will tell.
        }
    }

    // --- into place ---------------------------------------------------------------------------

    private void install(PlacedModel placed, Path part, String archiveSha) {
        ModelEntry m = placed.entry();
        Path place = placed.place();
        if (m.archive().isEmpty()) {
            if (Files.isDirectory(place)) {
                throw new ModelFetchException(m.file() + ": " + place + " is a folder: move it away, then run the "
                        + "fetch again (the download is kept in " + part + ")");
            }
            try {
                Files.move(part, place, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw writeFailure(placed, place, e);
            }
            return;
        }
        ModelEntry.Archive archive = m.archive().get();
        Path folder = place.getParent();
        Path unpacking = folder.resolve("." + m.file() + ".unpacking");
        Path old = folder.resolve("." + m.file() + ".old");
        Map<String, String> files = new TreeMap<>();
        try {
            deleteTree(unpacking);
            unpack(placed, part, unpacking, files);
            Files.deleteIfExists(placed.unpackRecord());
            boolean replacing = Files.exists(place);
            if (replacing) {
                deleteTree(old);
                Files.move(place, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(unpacking, place, StandardCopyOption.ATOMIC_MOVE);
            new UnpackRecord(archive.file(), archiveSha, files).write(placed.unpackRecord());
            if (replacing) {
                deleteTree(old);
            }
            Files.delete(part);
        } catch (IOException e) {
            try {
                deleteTree(unpacking);
            } catch (IOException ignored) {
                // what is left is hidden and replaced by the next run
            }
            throw writeFailure(placed, place, e);
        }
    }

    private void unpack(PlacedModel placed, Path zipFile, Path into, Map<String, String> files) throws IOException {
        ModelEntry m = placed.entry();
        ModelEntry.Archive archive = m.archive().orElseThrow();
        String prefix = archive.entry();
        boolean found = false;
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            for (ZipEntry e : entries) {
                String n = e.getName();
                if (archive.isFolder() ? !n.startsWith(prefix) : !n.equals(prefix)) {
                    continue;
                }
                found = true;
                if (!archive.isFolder()) {
                    copyEntry(zip, e, into, files, m.file());
                    continue;
                }
                String relative = n.substring(prefix.length());
                if (relative.isEmpty()) {
                    Files.createDirectories(into);
                    continue;
                }
                Path target = into.resolve(relative).normalize();
                if (!target.startsWith(into)) {
                    throw new ModelFetchException(m.file() + ": refused: the archive's entry " + n
                            + " points outside its folder");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copyEntry(zip, e, target, files, m.file() + "/" + into.relativize(target).toString()
                            .replace('\\', '/'));
                }
            }
        } catch (ZipException e) {
            throw new ModelFetchException(m.file() + ": refused: " + archive.file() + " is not a zip archive ("
                    + e.getMessage() + ")");
        }
        if (!found) {
            throw new ModelFetchException(m.file() + ": refused: " + archive.file() + " holds no " + prefix);
        }
    }

    private static void copyEntry(ZipFile zip, ZipEntry e, Path target, Map<String, String> files, String recorded)
            throws IOException {
        MessageDigest d = Sha256.digest();
        try (InputStream in = zip.getInputStream(e); OutputStream os = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                os.write(buf, 0, n);
                d.update(buf, 0, n);
            }
        }
        files.put(recorded, Sha256.hex(d));
    }

    // --- failures -----------------------------------------------------------------------------

    /** A failure to write, as a person can act on it: which folder, why, and what to do. */
    static ModelFetchException writeFailure(PlacedModel placed, Path what, IOException e) {
        String name = placed.entry().file();
        Path folder = placed.place().getParent();
        String key = placed.entry().setting().key();
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : String.valueOf(e.getMessage());
        if (e instanceof AccessDeniedException || reason.contains("Permission denied")) {
            return new ModelFetchException(name + ": cannot write in " + folder + " (permission denied): fetch as "
                    + "the service's user (sudo -u benchmate benchmate models fetch) or set " + key
                    + " to a folder you can write", e);
        }
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")) {
            String free = "";
            try {
                free = " (" + Progress.size(Files.getFileStore(folder).getUsableSpace()) + " free)";
            } catch (IOException ignored) {
                // the message stands without it
            }
            Path part = folder.resolve(placed.entry().downloadName() + ".part");
            return new ModelFetchException(name + ": the disk is full in " + folder + free
                    + (Files.exists(part) ? "; what was fetched is kept in " + part
                    + " to resume (delete it to free its room)" : "")
                    + ": free some room, or set " + key + " to another folder", e);
        }
        if (reason.contains("Read-only file system")) {
            return new ModelFetchException(name + ": " + folder + " is on a read-only file system: set " + key
                    + " to a folder that can be written (the .deb's configuration uses /var/lib/benchmate/models)", e);
        }
        return new ModelFetchException(name + ": cannot write " + what + ": " + reason, e);
    }

    private static long size(Path file, PlacedModel placed) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ModelFetchException(placed.entry().file() + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a .part never counts as the model; the next run replaces it
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        paths.sort(Comparator.reverseOrder());
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    /** A broken read, as a person reads it: most are a connection cut short. */
    private static String cut(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = m.toLowerCase();
        if (lower.equals("closed") || lower.contains("eof") || lower.contains("reset") || lower.contains("broken pipe")
                || lower.contains("fixed content-length")) {
            return "connection cut: " + m;
        }
        return m;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String hostOf(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing what broke
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFetchException("interrupted");
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
