package io.kcprovisioning.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The extension's messages ({@code theme-resources/messages/messages_<lang>.properties}, the bundles Keycloak's
 * themes read) formatted in English, French or Indonesian, for answers of the admin API that an admin reads.
 */
public final class TargetMessages {

    public static final List<String> LANGUAGES = List.of("en", "fr", "id");
    private static final Map<String, Properties> BUNDLES = new ConcurrentHashMap<>();

    private TargetMessages() {
    }

    /** The first of the caller's languages this extension speaks, else English. */
    public static String language(List<Locale> acceptable) {
        if (acceptable != null) {
            for (Locale locale : acceptable) {
                String lang = locale.getLanguage().toLowerCase(Locale.ROOT);
                if (LANGUAGES.contains(lang)) {
                    return lang;
                }
            }
        }
        return "en";
    }

    public static String format(String language, TargetViolation v) {
        String pattern = bundle(language).getProperty(v.messageKey());
        if (pattern == null) {
            pattern = bundle("en").getProperty(v.messageKey(), v.messageKey());
        }
        return new MessageFormat(pattern, Locale.forLanguageTag(language)).format(v.params().toArray());
    }

    private static Properties bundle(String language) {
        return BUNDLES.computeIfAbsent(language, lang -> {
            Properties p = new Properties();
            try (InputStream in = TargetMessages.class.getClassLoader()
                    .getResourceAsStream("theme-resources/messages/messages_" + lang + ".properties")) {
                if (in != null) {
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        });
    }
}
