import { escapeHtml, type HtmlPage, htmlPage } from '@crm/platform';

export const invalidLinkPage = (orgName: string): HtmlPage =>
  htmlPage(
    400,
    'This unsubscribe link is not valid',
    '<p>The link may have been cut short when it was copied. Nothing has changed. Please use the link from one of our emails.</p>',
    orgName,
  );

/**
 * A page with a button: fetching it (as link scanners do) unsubscribes nobody. The form posts to
 * the page itself, wherever PUBLIC_URL mounts it.
 */
export const confirmUnsubscribePage = (token: string, orgName: string): HtmlPage =>
  htmlPage(
    200,
    'Unsubscribe from our emails',
    `<p>Press the button to stop receiving our newsletter.</p>
<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
    orgName,
  );

/** The unsubscribe link of a test send, followed by whoever checks the campaign. */
export const testSendLinkPage = (orgName: string): HtmlPage =>
  htmlPage(
    200,
    'This is a test email',
    '<p>In the campaign itself this link unsubscribes its reader. In a test email it unsubscribes nobody.</p>',
    orgName,
  );

export const unsubscribedPage = (orgName: string): HtmlPage =>
  htmlPage(
    200,
    'You are unsubscribed',
    '<p>You will not receive our newsletter any more. If you change your mind, you are welcome to sign up again.</p>',
    orgName,
  );
