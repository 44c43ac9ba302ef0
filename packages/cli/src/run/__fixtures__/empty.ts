// A module that exports nothing a command can use.
export const nothing = 0;
