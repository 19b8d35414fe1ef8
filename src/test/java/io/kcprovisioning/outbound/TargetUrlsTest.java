package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUrlsTest {

    private static final Map<String, String> HOSTS = Map.of(
            "app.example.com", "93.184.216.34",
            "metadata.example.com", "169.254.169.254",
            "intranet.example.com", "10.1.2.3",
            "rebind.example.com", "127.0.0.1",
            "v6.example.com", "2606:2800:220:1:248:1893:25c8:1946");

    private static final TargetUrls.Resolver RESOLVER = host -> {
        String ip = HOSTS.get(host);
        if (ip == null) {
            try {
                return new InetAddress[] {InetAddress.getByName(literal(host))};
            } catch (UnknownHostException e) {
                throw e;
            }
        }
        return new InetAddress[] {InetAddress.getByName(ip)};
    };

    /** Literal addresses resolve to themselves; anything else is unknown. */
    private static String literal(String host) throws UnknownHostException {
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return host;
        }
        throw new UnknownHostException(host);
    }

    private static Optional<TargetViolation> strict(String url) {
        return TargetUrls.check("baseUrl", url, false, TargetUrls.Rules.STRICT, RESOLVER);
    }

    @Test
    void acceptsHttpsUrlOfPublicHost() {
        assertThat(strict("https://app.example.com/scim/v2")).isEmpty();
        assertThat(strict("https://v6.example.com/scim")).isEmpty();
    }

    @Test
    void refusesPlainHttpUnlessTheServerAllowsIt() {
        assertThat(strict("http://app.example.com/scim")).get().extracting(TargetViolation::messageKey)
                .isEqualTo("provisioningTargetUrlNotHttps");
        assertThat(TargetUrls.check("baseUrl", "http://app.example.com/scim", false,
                new TargetUrls.Rules(true, false), RESOLVER)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://metadata.example.com/", "https://intranet.example.com/scim",
            "https://rebind.example.com/scim", "https://127.0.0.1/scim", "https://[::1]/scim", "https://0.0.0.0/",
            "https://192.168.1.10/", "https://172.20.0.1/", "https://100.64.0.1/", "https://[fd00::1]/",
            "https://[fe80::1]/", "https://[::ffff:10.0.0.1]/", "https://224.0.0.1/", "https://[64:ff9b::a00:1]/"})
    void refusesHostsThatResolveToNonPublicAddresses(String url) {
        assertThat(strict(url)).get().extracting(TargetViolation::messageKey)
                .isEqualTo("provisioningTargetUrlPrivate");
    }

    @Test
    void allowsPrivateAddressesWhenTheServerAllowsThem() {
        assertThat(TargetUrls.check("baseUrl", "http://127.0.0.1:8080/realms/x/provisioning/scim/v2", false,
                new TargetUrls.Rules(true, true), RESOLVER)).isEmpty();
    }

    @Test
    void refusesUnresolvableHost() {
        assertThat(strict("https://nowhere.invalid/scim")).get().extracting(TargetViolation::messageKey)
                .isEqualTo("provisioningTargetUrlUnresolved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.com/scim", "ftp://app.example.com/", "https:///scim", "https://exa mple/"})
    void refusesMalformedUrls(String url) {
        assertThat(strict(url)).get().extracting(TargetViolation::messageKey)
                .isEqualTo("provisioningTargetUrlMalformed");
    }

    @Test
    void refusesUserInfoQueryAndFragment() {
        assertThat(strict("https://u:p@app.example.com/scim")).get().extracting(TargetViolation::messageKey)
                .isEqualTo("provisioningTargetUrlUserInfo");
        assertThat(strict("https://app.example.com/scim?x=1")).get().extracting(TargetViolation::messageKey)
                .isEqualTo("provisioningTargetUrlQuery");
        assertThat(strict("https://app.example.com/scim#x")).get().extracting(TargetViolation::messageKey)
                .isEqualTo("provisioningTargetUrlQuery");
        assertThat(TargetUrls.check("auth.tokenUrl", "https://app.example.com/token?tenant=1", true,
                TargetUrls.Rules.STRICT, RESOLVER)).isEmpty();
    }

    @Test
    void requiresUrl() {
        assertThat(strict(" ")).get().extracting(TargetViolation::messageKey).isEqualTo("provisioningTargetRequired");
    }
}
