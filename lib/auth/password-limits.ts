// Shared with client forms, so kept apart from the hashing code and the common-password list.
export const PASSWORD_MIN_LENGTH = 12;
// Long enough for any passphrase, short enough that hashing cannot be used to burn CPU.
export const PASSWORD_MAX_LENGTH = 256;
