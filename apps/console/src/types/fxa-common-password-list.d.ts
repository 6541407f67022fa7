declare module 'fxa-common-password-list' {
  /** True when the password is among the 50,000 most common (Firefox Accounts' list). */
  export function test(password: string): boolean;
}
