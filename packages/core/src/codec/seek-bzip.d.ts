declare module 'seek-bzip' {
  /** An output stream seek-bzip writes each inflated byte to. */
  interface ByteSink {
    writeByte(byte: number): void;
  }
  const Bunzip: {
    decode(input: Uint8Array): Buffer;
    decode(input: Uint8Array, output: ByteSink, multistream?: boolean): unknown;
  };
  export default Bunzip;
}
