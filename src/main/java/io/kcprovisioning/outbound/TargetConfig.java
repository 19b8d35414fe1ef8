package io.kcprovisioning.outbound;

import java.util.LinkedHashSet;
import java.util.List;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;

/**
 * A target's settings in its realm component's config, one entry per setting (lists multi-valued), so the generic
 * components endpoint and realm exports show them plainly. The secret is never among them.
 */
public final class TargetConfig {

    public static final String BASE_URL = "baseUrl";
    public static final String ENABLED = "enabled";
    public static final String AUTH_TYPE = "authType";
    public static final String SECRET_REF = "secretRef";
    public static final String USERNAME = "username";
    public static final String CLIENT_ID = "clientId";
    public static final String TOKEN_URL = "tokenUrl";
    public static final String OAUTH_SCOPE = "oauthScope";
    public static final String SCOPE_KIND = "scopeKind";
    public static final String SCOPE_KEYS = "scopeKeys";
    public static final String PUSH_GROUPS = "pushGroups";
    public static final String DEPROVISION = "deprovision";
    public static final String RATE_LIMIT = "rateLimit";
    public static final String QUIRKS = "quirks";
    public static final String INBOUND_CONNECTION = "inboundConnection";

    private TargetConfig() {
    }

    /**
     * Reads a component; unparsable values become null (the validator names them): an unknown auth type, scope kind
     * or deprovision action, or a rate limit that is no number (-1).
     */
    public static TargetSettings read(ComponentModel model) {
        MultivaluedHashMap<String, String> c = model.getConfig() == null ? new MultivaluedHashMap<>()
                : model.getConfig();
        TargetSettings.Auth auth = new TargetSettings.Auth(
                TargetSettings.AuthType.parse(c.getFirst(AUTH_TYPE)).orElse(null),
                blankToNull(c.getFirst(SECRET_REF)), blankToNull(c.getFirst(USERNAME)),
                blankToNull(c.getFirst(CLIENT_ID)), blankToNull(c.getFirst(TOKEN_URL)),
                blankToNull(c.getFirst(OAUTH_SCOPE)));
        String kind = c.getFirst(SCOPE_KIND);
        TargetSettings.Scope scope = new TargetSettings.Scope(
                kind == null ? TargetSettings.ScopeKind.ALL : TargetSettings.ScopeKind.parse(kind).orElse(null),
                nonBlank(c.getList(SCOPE_KEYS)));
        String deprovision = c.getFirst(DEPROVISION);
        return new TargetSettings(model.getId(), model.getName(), !"false".equalsIgnoreCase(c.getFirst(ENABLED)),
                trimSlash(c.getFirst(BASE_URL)), auth, scope, "true".equalsIgnoreCase(c.getFirst(PUSH_GROUPS)),
                deprovision == null ? TargetSettings.Deprovision.DEACTIVATE
                        : TargetSettings.Deprovision.parse(deprovision).orElse(null),
                rateLimit(c.getFirst(RATE_LIMIT)), new LinkedHashSet<>(nonBlank(c.getList(QUIRKS))),
                blankToNull(c.getFirst(INBOUND_CONNECTION)));
    }

    /** Writes settings into a component's config (replacing every entry this class owns). */
    public static void write(TargetSettings t, ComponentModel model) {
        model.setName(t.name());
        MultivaluedHashMap<String, String> c = new MultivaluedHashMap<>();
        c.putSingle(BASE_URL, trimSlash(t.baseUrl()));
        c.putSingle(ENABLED, String.valueOf(t.enabled()));
        TargetSettings.Auth auth = t.auth();
        c.putSingle(AUTH_TYPE, auth.type().wireName());
        put(c, SECRET_REF, auth.secretRef());
        put(c, USERNAME, auth.username());
        put(c, CLIENT_ID, auth.clientId());
        put(c, TOKEN_URL, auth.tokenUrl());
        put(c, OAUTH_SCOPE, auth.scope());
        c.putSingle(SCOPE_KIND, t.scope().kind().wireName());
        if (!t.scope().keys().isEmpty()) {
            c.put(SCOPE_KEYS, List.copyOf(t.scope().keys()));
        }
        c.putSingle(PUSH_GROUPS, String.valueOf(t.pushGroups()));
        c.putSingle(DEPROVISION, t.deprovision().wireName());
        c.putSingle(RATE_LIMIT, String.valueOf(t.rateLimit()));
        if (!t.quirks().isEmpty()) {
            c.put(QUIRKS, t.quirks().stream().sorted().toList());
        }
        put(c, INBOUND_CONNECTION, t.inboundConnection());
        model.setConfig(c);
    }

    private static void put(MultivaluedHashMap<String, String> c, String key, String value) {
        if (value != null && !value.isBlank()) {
            c.putSingle(key, value);
        }
    }

    static String trimSlash(String url) {
        if (url == null) {
            return null;
        }
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static int rateLimit(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank())
                .map(String::trim).toList();
    }
}
