/** RFC 8058 one-click unsubscribe headers for a message whose footer link is `link`. */
export const oneClickUnsubscribeHeaders = (link: string): Record<string, string> => ({
  'List-Unsubscribe': `<${link}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});
