// $util in API Gateway mapping templates.

/** Java's StringEscapeUtils.escapeJavaScript, which API Gateway uses (it escapes ' as \' too). */
export function escapeJavaScript(value: unknown): string {
  const text = String(value ?? '');
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; break;
      case "'": out += "\\'"; break;
      case '\\': out += '\\\\'; break;
      case '/': out += '\\/'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      default:
        if (code < 0x20 || code > 0x7e) {
          // Outside ASCII: \uXXXX per UTF-16 unit, as Java does.
          for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
        } else out += ch;
    }
  }
  return out;
}

export const util = {
  escapeJavaScript,
  parseJson(text: unknown): unknown {
    return JSON.parse(String(text));
  },
  /** java.net.URLEncoder: space becomes "+". */
  urlEncode(value: unknown): string {
    return encodeURIComponent(String(value ?? '')).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  },
  urlDecode(value: unknown): string {
    return decodeURIComponent(String(value ?? '').replace(/\+/g, ' '));
  },
  base64Encode(value: unknown): string {
    return Buffer.from(String(value ?? ''), 'utf8').toString('base64');
  },
  base64Decode(value: unknown): string {
    return Buffer.from(String(value ?? ''), 'base64').toString('utf8');
  },
};
