/**
 * 32 MiB. Omi sends the whole conversation, base64 photos included (OmiGlass takes a JPEG every few
 * seconds; at ~40 KB each, base64 adds a third: an hour with a few hundred photos is 15-25 MB),
 * plus up to thousands of transcript segments (~300 bytes each). Omi never resends after a 4xx,
 * so a limit that is too small loses the conversation for good; one that is too large only costs
 * memory while such a request is read.
 */
export const defaultBodyLimit = 32 * 1024 * 1024;
