package io.kcprovisioning.scim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.captaingoldfish.scim.sdk.common.constants.HttpStatus;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.exceptions.ResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one reader of a SCIM request body: at most {@link ScimEndpoints#MAX_PAYLOAD_BYTES} bytes, UTF-8 and nothing
 * else (RFC 8259 section 8.1), exactly one JSON document. Before it, the container decoded the bytes leniently
 * (each invalid sequence became U+FFFD, a userName silently changed) and everything after the first document was
 * ignored ({@code {...}}}, two documents, a trailing comment: the first one applied).
 *
 * <p>Refused: a body over the limit (413 {@code tooLarge}, counted in bytes before decoding); bytes that are not
 * UTF-8, overlong forms, encoded surrogates, code points above U+10FFFF and truncated sequences included (400
 * {@code invalidSyntax}, naming the byte's offset); text that is not one JSON document, including a member name
 * that appears twice in one object (parsers disagree on which one wins, RFC 8259 section 4) (400
 * {@code invalidSyntax}). A leading byte order mark is ignored, as RFC 8259 allows: it changes no meaning. Whatever
 * charset the Content-Type names, the body is read as UTF-8, the only encoding a JSON text exchanged between
 * systems may have.
 */
final class ScimRequestBody {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private ScimRequestBody() {
    }

    /**
     * The body as text, or "" when it is empty or only white space.
     *
     * @throws ResponseException 413 {@code tooLarge} or 400 {@code invalidSyntax}
     */
    static String read(InputStream in, long maxBytes) {
        byte[] bytes = readAtMost(in, maxBytes);
        String text = decode(bytes);
        if (!text.isBlank()) {
            checkOneDocument(text);
        }
        return text;
    }

    /** Up to {@code maxBytes} bytes, refused with 413 as soon as one more arrives (a huge body is never held whole). */
    static byte[] readAtMost(InputStream in, long maxBytes) {
        if (in == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new ResponseException("The request body is larger than " + maxBytes + " bytes",
                        HttpStatus.REQUEST_TOO_LONG, "tooLarge");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bytes as UTF-8, a leading byte order mark left out.
     *
     * @throws ResponseException 400 {@code invalidSyntax} at the first byte that is not UTF-8
     */
    static String decode(byte[] bytes) {
        int start = startsWithBom(bytes) ? BOM.length : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw syntax("The request body is not valid UTF-8 at byte " + in.position() + " (0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF) + "); SCIM bodies are JSON in UTF-8");
        }
        out.flip();
        return out.toString();
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }

    /**
     * Refuses text that is not exactly one JSON document.
     *
     * @throws ResponseException 400 {@code invalidSyntax}
     */
    static void checkOneDocument(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            try {
                JSON.readTree(parser);
            } catch (JsonProcessingException e) {
                throw syntax("The request body is not valid JSON: " + e.getOriginalMessage() + at(e.getLocation()));
            }
            JsonLocation end = parser.currentLocation();
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (JsonProcessingException e) {
                more = true; // '}', a comment, any other text
            }
            if (more) {
                throw syntax("The request body continues after its JSON document" + at(end));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static ResponseException syntax(String detail) {
        return new ResponseException(detail, HttpStatus.BAD_REQUEST, ScimType.RFC7644.INVALID_SYNTAX);
    }
}
