package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.BrainSettings;
import dev.benchmate.app.ConfiguredSettings;
import dev.benchmate.app.NpuCoreMask;
import dev.benchmate.app.Simulator;
import dev.benchmate.bindings.rkllm.RkllmApi;

import dev.benchmate.core.Brain;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.looking.PictureFiles;
import dev.benchmate.thinking.Answer;
import dev.benchmate.thinking.ChatTemplate;
import dev.benchmate.thinking.ImageTags;
import dev.benchmate.thinking.LanguageModelException;
import dev.benchmate.thinking.LanguageModelSettings;
import dev.benchmate.thinking.ModelInput;
import dev.benchmate.thinking.Platform;
import dev.benchmate.thinking.QuestionTooLongException;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The terminal chat of rknn-llm's multimodal demo, on Benchmate's brain: preset or free
 * questions about one picture, {@code <image>} attaches it, {@code clear} starts over,
 * {@code exit} quits. Tokens print as they stream; load, encode, prefill and decode figures print too.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chat about a picture in the terminal, like rknn-llm's multimodal demo.",
        footer = {"", "Examples:",
                "  chat --sim ../shared/data/demo.jpg",
                "  chat --sim --rkllm-api 1.2 ../shared/data/demo.jpg",
                "  chat demo.jpg vision.rknn llm.rkllm 128 512 --rkllm-api 1.2 --platform rk3576 --npu-cores 2"})
public class ChatCommand implements Callable<Integer> {
    static final List<String> PRESETS = List.of(
            "<image>What is in the image?",
            "<image>这张图片中有什么？",
            "What colour is it mostly?",
            "它主要是什么颜色？");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The picture to talk about.")
    Path image;

    @Parameters(index = "1..*", paramLabel = "ENCODER_MODEL LLM_MODEL MAX_NEW_TOKENS MAX_CONTEXT_LEN",
            description = "As in the demo; not needed with --sim (then they override the simulator's values).")
    List<String> rest = List.of();

    @Option(names = "--sim", description = "Run on the NPU simulator with its simulated models (a test instrument).")
    boolean sim;

    @Option(names = "--platform", description = "rk3576 | rk3588 | rk3562 | rv1126b (default: from configuration).")
    Optional<String> platform;

    @Option(names = "--npu-cores", description = "Vision encoder NPU cores as in the demo: 1 (auto), 2, 3.")
    Optional<Integer> npuCores;

    @Option(names = "--image-start", description = "Image start tag (default: the model family's).")
    Optional<String> imageStart;

    @Option(names = "--image-end", description = "Image end tag.")
    Optional<String> imageEnd;

    @Option(names = "--image-content", description = "Image content tag.")
    Optional<String> imageContent;

    @Option(names = "--rkllm-api", paramLabel = "auto|1.2|1.3",
            description = "The RKLLM runtime's C ABI: 1.2 (runtime 1.2.x, the seed article's boards), 1.3, or auto "
                    + "(read from librkllmrt.so's version text; default: benchmate.npu.rkllm-api).")
    Optional<String> rkllmApi;

    @Option(names = "--system-prompt", description = "System prompt (plain text; Chinese works).")
    Optional<String> systemPrompt;

    @Inject
    BenchmateConfig config;
    @Inject
    BrainHolder holder;

    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    @Override
    public Integer call() {
        return CommandFailures.run("chat", holder, this::chat);
    }

    private int chat() throws IOException {
        BrainSettings settings = settings();
        Picture picture = PictureFiles.read(image);
        Brain brain = holder.load(settings, "the chat command");
        if (brain.simulated()) {
            out.println("[SIMULATED NPU: answers come from the simulator, not a model]");
        }
        out.printf("LLM model loaded in %8.2f ms%n", brain.llmLoadTime().toNanos() / 1e6);
        out.printf("ImgEnc model loaded in %8.2f ms%n", brain.encoderLoadTime().toNanos() / 1e6);
        ImageEmbedding embedding = brain.look(picture);
        out.printf("ImgEnc inference took %8.2f ms (%dx%d picture -> %d tokens x %d)%n",
                embedding.encodeTime().toNanos() / 1e6, picture.width(), picture.height(), embedding.tokens(),
                embedding.floatsPerToken());

        out.println();
        out.println("********** Enter a number for a preset question, or type your own **********");
        for (int i = 0; i < PRESETS.size(); i++) {
            out.printf("[%d] %s%n", i, PRESETS.get(i));
        }
        out.println("'<image>' in a question attaches the picture; 'clear' starts a new conversation; 'exit' quits.");
        out.println("****************************************************************************");

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            out.print("\nuser: ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.trim().equals("exit")) {
                return 0;
            }
            String question = line.trim();
            if (question.isEmpty()) {
                continue;
            }
            if (question.equals("clear")) {
                brain.conversation().reset();
                out.println("(new conversation: KV cache cleared, system prompt kept)");
                continue;
            }
            if (question.matches("\\d+") && Integer.parseInt(question) < PRESETS.size()) {
                question = PRESETS.get(Integer.parseInt(question));
                out.println(question);
            }
            answer(brain, question, embedding);
        }
    }

    /** Why the last turn restarted the conversation (Conversation's reasons), or null. */
    private volatile String restartWhy;

    private void answer(Brain brain, String question, ImageEmbedding embedding) {
        boolean withPicture = question.contains(ModelInput.IMAGE_MARKER);
        restartWhy = null;
        brain.conversation().onRestart(why -> restartWhy = why);
        out.print("robot: ");
        try {
            // the picture goes where Benchmate writes it (first in the turn), the demo's marker says only "attach it"
            Answer a = brain.ask(withPicture ? question.replace(ModelInput.IMAGE_MARKER, "") : question,
                    withPicture ? embedding : null, text -> {
                out.print(text);
                out.flush();
            });
            out.println();
            if (a.restarted() && dev.benchmate.thinking.Conversation.NEW_PICTURE.equals(restartWhy)) {
                out.println("(a new picture: this answer started a new conversation with it" + kept(a) + ")");
            } else if (a.restarted()) {
                out.println("(the conversation was full, so this answer started a new one"
                        + (a.pictureAttached() ? " with the picture" : "") + kept(a) + ")");
            }
            out.printf("[prefill %d tokens in %.1f ms%s, decode %d tokens in %.1f ms%s, KV cache %d/%d]%n",
                    a.stats().prefillTokens(), a.stats().prefillMs(),
                    rate(a.stats().prefillTokens(), a.stats().prefillMs()), a.stats().generateTokens(),
                    a.stats().generateMs(), rate(a.stats().generateTokens(), a.stats().generateMs()),
                    a.kvCacheSize(), brain.conversation().contextLimit());
        } catch (QuestionTooLongException | LanguageModelException e) {
            out.println();
            out.println("(" + e.getMessage() + ")");
        }
    }

    /** " (N tok/s)", or nothing when the time is too short to make a rate of. */
    private static String rate(int tokens, double ms) {
        return ms < 1 ? "" : String.format(" (%.2f tok/s)", tokens * 1000.0 / ms);
    }

    private BrainSettings settings() {
        if (!sim && rest.size() != 4) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "chat needs IMAGE ENCODER_MODEL LLM_MODEL MAX_NEW_TOKENS MAX_CONTEXT_LEN (or --sim IMAGE)");
        }
        if (!rest.isEmpty() && rest.size() != 4) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give all four of ENCODER_MODEL LLM_MODEL MAX_NEW_TOKENS MAX_CONTEXT_LEN, or none with --sim");
        }
        BrainSettings base;
        if (rest.size() == 4) {
            base = ConfiguredSettings.brain(config, Path.of(rest.get(1)), Path.of(rest.get(0)),
                    parseInt(rest.get(2), "MAX_NEW_TOKENS"), parseInt(rest.get(3), "MAX_CONTEXT_LEN"),
                    new BrainSettings.Names("the LLM_MODEL argument", "the ENCODER_MODEL argument", "MAX_NEW_TOKENS",
                            "MAX_CONTEXT_LEN"));
        } else {
            base = ConfiguredSettings.brain(config);
        }
        if (rkllmApi.isPresent()) {
            base = base.withRkllmApi(RkllmApi.parse(rkllmApi.get(), "--rkllm-api"));
        }
        if (sim || base.simulated()) {
            base = base.onSimulator(Simulator.locate()); // the simulated runtime of the chosen ABI
        }
        LanguageModelSettings llm = base.llm();
        Platform chosenPlatform = platform.map(p -> {
            try {
                return Platform.parse(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--platform is '" + p + "'; it takes rk3576, rk3588, rk3562 or "
                        + "rv1126b");
            }
        }).orElse(llm.platform());
        ImageTags tags = new ImageTags(imageStart.orElse(llm.imageTags().start()),
                imageEnd.orElse(llm.imageTags().end()), imageContent.orElse(llm.imageTags().content()));
        LanguageModelSettings chosen = new LanguageModelSettings(llm.model(), llm.maxNewTokens(), llm.maxContextLen(),
                llm.topK(), llm.topP(), llm.temperature(), llm.repeatPenalty(), chosenPlatform, llm.enabledCpusMask(),
                tags);
        ChatTemplate template = systemPrompt.map(ChatTemplate::qwen).orElse(base.template());
        int coreMask = npuCores.isPresent()
                ? NpuCoreMask.forCoreCount(npuCores.get(), chosenPlatform, "--npu-cores")
                : base.npuCoreMask();
        return new BrainSettings(base.rkllmLibrary(), base.rknnLibrary(), base.visionModel(), coreMask, chosen,
                template, base.simulated(), base.names(), base.rkllmApi(), base.restartKeep());
    }

    private static String kept(Answer a) {
        return a.keptTurns() == 0 ? ", no earlier turn fitted" : a.keptTurns() == 1 ? ", the last turn written back"
                : ", the last " + a.keptTurns() + " turns written back";
    }

    private int parseInt(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    name + " must be a whole number, got '" + value + "'");
        }
    }
}
