package dev.cerulean.service.jobs;

import java.security.SecureRandom;

/** Job names in Azure ML's style when the spec gives none: {@code bold_otter_4k2m9x7q}. */
final class JobNames {
    private static final String[] ADJECTIVES = {"amber", "bold", "brave", "bright", "calm", "clever", "crisp", "eager", "fair", "gentle",
        "good", "happy", "jolly", "keen", "kind", "lively", "lucky", "merry", "mighty", "neat", "nimble", "plucky", "polite", "proud",
        "quick", "quiet", "sharp", "shiny", "sleepy", "smart", "steady", "sunny", "swift", "tidy", "upbeat", "witty", "zen"};
    private static final String[] NOUNS = {"ant", "badger", "bat", "bear", "bee", "beetle", "camel", "carrot", "cat", "crab", "crane",
        "deer", "dove", "eagle", "eel", "fig", "finch", "fox", "frog", "goat", "grape", "hare", "hawk", "heron", "kiwi", "koala", "lemon",
        "lion", "lynx", "mango", "mole", "moth", "newt", "olive", "otter", "owl", "panda", "pear", "plum", "robin", "seal", "squid",
        "swan", "tiger", "trout", "turnip", "whale", "wolf", "yak"};
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobNames() {
    }

    static String next() {
        StringBuilder sb = new StringBuilder(ADJECTIVES[RANDOM.nextInt(ADJECTIVES.length)]).append('_')
                .append(NOUNS[RANDOM.nextInt(NOUNS.length)]).append('_');
        for (int i = 0; i < 8; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
