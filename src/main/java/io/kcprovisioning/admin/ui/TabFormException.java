package io.kcprovisioning.admin.ui;

import java.util.List;

/**
 * The Provisioning tab's form cannot become a policy. The reason is a message key of the admin console's bundle
 * ({@code themes/theme-resources/messages}) with its parameters, so Keycloak shows it in the admin's language.
 */
public final class TabFormException extends RuntimeException {

    private final String messageKey;
    private final List<String> params;

    TabFormException(String messageKey, String... params) {
        super(messageKey + " " + List.of(params));
        this.messageKey = messageKey;
        this.params = List.of(params);
    }

    public String messageKey() {
        return messageKey;
    }

    public List<String> params() {
        return params;
    }
}
