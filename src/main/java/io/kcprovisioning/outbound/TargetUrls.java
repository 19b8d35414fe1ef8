package io.kcprovisioning.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs this server may call: https only (plain http only when the server allows it), no user info, and a
 * host that resolves to public addresses only (no loopback, private, link-local, carrier-grade NAT, multicast or
 * reserved address, unless the server allows private addresses): an admin of one realm must not make Keycloak call
 * into its own network. Checked when a target is saved and again before every connection (the name may resolve
 * elsewhere by then).
 */
public final class TargetUrls {

    /** The server's allowances ({@code --spi-provisioning-outbound-target--provisioning-scim-target--...}). */
    public record Rules(boolean allowHttp, boolean allowPrivateAddresses) {

        public static final Rules STRICT = new Rules(false, false);
    }

    /** Resolves a host name; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;

        Resolver DNS = InetAddress::getAllByName;
    }

    private TargetUrls() {
    }

    /**
     * The first reason {@code url} may not be called, if any.
     *
     * @param field        the field named in the violation
     * @param allowQuery   whether a query string is allowed (a token endpoint may have one, a SCIM base URL not)
     */
    public static Optional<TargetViolation> check(String field, String url, boolean allowQuery, Rules rules,
            Resolver resolver) {
        if (url == null || url.isBlank()) {
            return Optional.of(TargetViolation.of(field, "provisioningTargetRequired", field));
        }
        if (url.length() > 2048) {
            return Optional.of(TargetViolation.of(field, "provisioningTargetTooLong", field, "2048"));
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return Optional.of(TargetViolation.of(field, "provisioningTargetUrlMalformed", field));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of(TargetViolation.of(field, "provisioningTargetUrlMalformed", field));
        }
        if (scheme.equals("http") && !rules.allowHttp()) {
            return Optional.of(TargetViolation.of(field, "provisioningTargetUrlNotHttps", field));
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of(TargetViolation.of(field, "provisioningTargetUrlUserInfo", field));
        }
        if (uri.getRawFragment() != null || (!allowQuery && uri.getRawQuery() != null)) {
            return Optional.of(TargetViolation.of(field, "provisioningTargetUrlQuery", field));
        }
        if (rules.allowPrivateAddresses()) {
            return Optional.empty();
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of(TargetViolation.of(field, "provisioningTargetUrlUnresolved", field, host));
        }
        for (InetAddress address : addresses) {
            if (isNonPublic(address)) {
                return Optional.of(TargetViolation.of(field, "provisioningTargetUrlPrivate", field, host,
                        address.getHostAddress()));
            }
        }
        return Optional.empty();
    }

    /** Loopback, unspecified, private, link-local (cloud metadata), CGNAT, multicast, ULA, reserved, NAT64-embedded. */
    static boolean isNonPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isNonPublicIpv4(b, 0);
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local
            }
            boolean mappedOrCompat = true;
            for (int i = 0; i < 10; i++) {
                mappedOrCompat &= b[i] == 0;
            }
            if (mappedOrCompat && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                return isNonPublicIpv4(b, 12); // ::ffff:a.b.c.d and ::a.b.c.d
            }
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
                return isNonPublicIpv4(b, 12); // 64:ff9b::/96 NAT64
            }
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == (byte) 0xb8) {
                return true; // 2001:db8::/32 documentation
            }
        }
        return false;
    }

    private static boolean isNonPublicIpv4(byte[] b, int o) {
        int a0 = b[o] & 0xff;
        int a1 = b[o + 1] & 0xff;
        return a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224
                || (a0 == 100 && a1 >= 64 && a1 <= 127)
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && (b[o + 2] & 0xff) == 0)
                || (a0 == 198 && (a1 == 18 || a1 == 19));
    }
}
