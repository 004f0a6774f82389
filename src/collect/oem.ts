// OEM code pages of cmd's redirected output (`hostname > file`, `ipconfig /all > file`, `w32tm … > file`,
// `netsh … > file` in collect-pairaudit.cmd without PowerShell): bytes 0x80-0xFF by the console's code page,
// which bundle.json records as `oemCodePage` (from `chcp`). 437 and 850 (the US and Western European defaults)
// are tables here; other code pages go through TextDecoder where Node knows them.

/** Bytes 0x80-0xFF of code page 437 (OEM United States). */
const CP437 = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
/** Bytes 0x80-0xFF of code page 850 (OEM Multilingual Latin 1, Western European consoles). */
const CP850 = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

const TABLES: Readonly<Record<number, string>> = { 437: CP437, 850: CP850 };
/** Other OEM code pages by the WHATWG name TextDecoder knows them by. */
const DECODERS: Readonly<Record<number, string>> = { 866: 'ibm866', 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5' };

/** Whether text in this OEM code page can be decoded. */
export function knownOemCodePage(cp: number): boolean {
  return cp in TABLES || cp in DECODERS;
}

/** Decodes bytes written in OEM code page `cp`; undefined for a code page not known here. */
export function decodeOem(bytes: Uint8Array, cp: number): string | undefined {
  const table = TABLES[cp];
  if (table !== undefined) {
    let out = '';
    for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : table[b - 0x80];
    return out;
  }
  const name = DECODERS[cp];
  if (name === undefined) return undefined;
  try {
    return new TextDecoder(name).decode(bytes);
  } catch {
    return undefined; // a Node built without full ICU
  }
}
