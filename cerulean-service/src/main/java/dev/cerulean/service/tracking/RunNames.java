package dev.cerulean.service.tracking;

import java.util.concurrent.ThreadLocalRandom;

/** Readable names for runs started without one ({@code brave-otter-417}), as MLflow gives them. */
final class RunNames {
    private static final String[] ADJECTIVES = {"able", "bold", "brave", "bright", "calm", "clever", "crisp", "eager", "fair", "gentle",
        "grand", "happy", "keen", "kind", "lively", "lucky", "merry", "mighty", "nimble", "polite", "proud", "quick", "quiet", "rare",
        "sharp", "shy", "silent", "smart", "steady", "swift", "tidy", "vast", "warm", "wise", "witty", "young"};
    private static final String[] NOUNS = {"ant", "bass", "bat", "bear", "bee", "crab", "crane", "deer", "dove", "eel", "elk", "finch",
        "fox", "frog", "goat", "hare", "hawk", "heron", "ibis", "koi", "lark", "lynx", "mole", "moth", "newt", "otter", "owl", "panda",
        "robin", "seal", "shrew", "snail", "squid", "swan", "toad", "trout", "whale", "wolf", "wren", "yak"};

    private RunNames() {
    }

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + NOUNS[r.nextInt(NOUNS.length)] + "-" + r.nextInt(1000);
    }
}
