/** seek-bzip ships no types; the decoder is typed where it is loaded (codecModules.ts). */
declare module 'seek-bzip';
