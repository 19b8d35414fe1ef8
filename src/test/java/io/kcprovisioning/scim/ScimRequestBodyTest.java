package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.captaingoldfish.scim.sdk.common.exceptions.ResponseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScimRequestBodyTest {

    private static final long LIMIT = ScimEndpoints.MAX_PAYLOAD_BYTES;

    private static String read(byte[] bytes) {
        return ScimRequestBody.read(new ByteArrayInputStream(bytes), LIMIT);
    }

    private static byte[] body(String before, int[] bytes, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bytes.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < bytes.length; i++) {
            all[head.length + i] = (byte) bytes[i];
        }
        System.arraycopy(tail, 0, all, head.length + bytes.length, tail.length);
        return all;
    }

    private static void assertRefused(byte[] bytes, int status, String scimType, String detail) {
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(ResponseException.class)
                .satisfies(e -> {
                    ResponseException r = (ResponseException) e;
                    assertThat(r.getStatus()).isEqualTo(status);
                    assertThat(r.getScimType()).isEqualTo(scimType);
                    assertThat(r.getMessage()).contains(detail);
                });
    }

    @Test
    void validUtf8IsReadAsSent() {
        String text = "{\"userName\":\"café €uro 😀\"}";
        assertThat(read(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void bytesThatAreNotUtf8AreInvalidSyntaxNamingTheByteInsteadOfBecomingU_FFFD() {
        Map<String, int[]> cases = Map.of(
                "Latin-1 e acute", new int[] {0xE9, 'n'},
                "overlong slash", new int[] {0xC0, 0xAF},
                "overlong three-byte NUL", new int[] {0xE0, 0x80, 0x80},
                "encoded high surrogate", new int[] {0xED, 0xA0, 0x80},
                "encoded low surrogate", new int[] {0xED, 0xBF, 0xBF},
                "above U+10FFFF", new int[] {0xF4, 0x90, 0x80, 0x80},
                "F5 lead byte", new int[] {0xF5, 0x80, 0x80, 0x80},
                "lone continuation byte", new int[] {0x80},
                "truncated euro sign", new int[] {0xE2, 0x82});
        cases.forEach((name, bytes) -> {
            byte[] b = body("{\"userName\":\"x", bytes, "\"}");
            assertRefused(b, 400, "invalidSyntax", "not valid UTF-8 at byte 14");
        });
    }

    @Test
    void aSequenceTruncatedAtTheVeryEndIsRefusedToo() {
        assertRefused(body("{\"userName\":\"x\"}", new int[] {0xF0, 0x9F, 0x98}, ""), 400, "invalidSyntax",
                "not valid UTF-8 at byte 16");
    }

    @Test
    void aLeadingByteOrderMarkIsIgnored() {
        assertThat(read(body("", new int[] {0xEF, 0xBB, 0xBF}, "{\"a\":1}"))).isEqualTo("{\"a\":1}");
    }

    @Test
    void anythingAfterTheJsonDocumentIsInvalidSyntax() {
        for (String text : new String[] {"{\"userName\":\"a\"}}", "{\"userName\":\"a\"}{\"userName\":\"b\"}",
                "{\"userName\":\"a\"} /* comment */", "{\"userName\":\"a\"} // comment", "{\"userName\":\"a\"} x",
                "{\"userName\":\"a\"}]", "[1] [2]", "\"a\" \"b\""}) {
            assertRefused(text.getBytes(StandardCharsets.UTF_8), 400, "invalidSyntax",
                    "continues after its JSON document");
        }
    }

    @Test
    void whiteSpaceAfterTheDocumentIsFine() {
        assertThat(read("{\"a\":1} \r\n\t ".getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"a\":1} \r\n\t ");
    }

    @Test
    void malformedJsonIsInvalidSyntaxWithWhereItBroke() {
        assertRefused("{\"userName\": ".getBytes(StandardCharsets.UTF_8), 400, "invalidSyntax",
                "not valid JSON");
        assertRefused("{\"a\":1,}".getBytes(StandardCharsets.UTF_8), 400, "invalidSyntax", "line 1, column");
    }

    @Test
    void aMemberNameTwiceInOneObjectIsInvalidSyntax() {
        assertRefused("{\"userName\":\"a\",\"userName\":\"b\"}".getBytes(StandardCharsets.UTF_8), 400,
                "invalidSyntax", "userName");
        assertRefused("{\"name\":{\"givenName\":\"a\",\"givenName\":\"b\"}}".getBytes(StandardCharsets.UTF_8), 400,
                "invalidSyntax", "givenName");
    }

    @Test
    void anEmptyOrBlankBodyIsEmptyText() {
        assertThat(read(new byte[0])).isEmpty();
        assertThat(read(" \n".getBytes(StandardCharsets.UTF_8))).isBlank();
    }

    @Test
    void theLimitCountsBytesNotCharacters() {
        // 2 bytes each: 1.5 MiB characters, 3 MiB bytes
        String twoByte = "é".repeat((int) (LIMIT * 3 / 4));
        assertThat(twoByte.length()).isLessThan((int) LIMIT);
        assertRefused(("\"" + twoByte + "\"").getBytes(StandardCharsets.UTF_8), 413, "tooLarge", "bytes");

        byte[] exactly = new byte[(int) LIMIT];
        java.util.Arrays.fill(exactly, (byte) ' ');
        exactly[0] = '1';
        assertThat(read(exactly)).hasSize((int) LIMIT);
        byte[] oneMore = java.util.Arrays.copyOf(exactly, (int) LIMIT + 1);
        oneMore[(int) LIMIT] = ' ';
        assertRefused(oneMore, 413, "tooLarge", "larger than " + LIMIT + " bytes");
    }
}
