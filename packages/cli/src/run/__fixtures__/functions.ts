// A --functions module: exported functions are Lambda handlers; the rest is ignored.
export const echo = async (event: unknown) => event;
export const version = '1';
