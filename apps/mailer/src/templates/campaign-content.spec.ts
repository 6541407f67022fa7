import { applySubstitutions } from '../transport/mail-transport';
import {
  batchSubstitutions,
  CampaignTemplateError,
  compileCampaignContent,
  recipientSubstitutions,
  renderForRecipient,
} from './campaign-content';

const org = { name: 'Friends of the Park', address: '2 Park Lane, Leeds, LS1 1AA' };

const renderFor = (source: Parameters<typeof compileCampaignContent>[0], firstName: string | null) => {
  const content = compileCampaignContent(source, org);
  const values = recipientSubstitutions(content, {
    firstName,
    email: 'kim@example.org',
    unsubscribeUrl: 'https://crm.example.org/unsubscribe?token=a.b&x=1',
    preferencesUrl: 'https://crm.example.org/preferences?token=p.q.r',
  });
  return {
    content,
    subject: applySubstitutions(content.subject, values),
    html: applySubstitutions(content.html, values),
    text: applySubstitutions(content.text, values),
  };
};

describe('campaign content', () => {
  it('merges fields per recipient: escaped in HTML, as typed in subject and text, with fallbacks', () => {
    const source = {
      subject: 'News for {{firstName|friend}}',
      html: null,
      markdown: '# Hello {{firstName|friend}}\n\nSent to {{email}}.',
    };
    const named = renderFor(source, '<Kim & co>');
    expect(named.subject).toBe('News for <Kim & co>');
    expect(named.html).toContain('<h1>Hello &lt;Kim &amp; co&gt;</h1>');
    expect(named.html).not.toContain('<Kim');
    expect(named.text).toContain('Hello <Kim & co>');
    expect(named.text).toContain('Sent to kim@example.org.');
    const unnamed = renderFor(source, null);
    expect(unnamed.subject).toBe('News for friend');
    expect(unnamed.html).toContain('<h1>Hello friend</h1>');
  });

  it('renders the body once with tags, so the per-recipient part is only the substitutions', () => {
    const { content } = renderFor(
      { subject: 'Hi', html: '<p>{{firstName}} {{firstName}}</p>', markdown: null },
      'Kim',
    );
    expect(content.html).not.toContain('Kim');
    // One tag per field and part: escaped for the HTML, as typed for the text.
    expect(content.tags.map((tag) => tag.field).sort()).toEqual([
      'firstName',
      'firstName',
      'preferencesUrl',
      'preferencesUrl',
      'unsubscribeUrl',
      'unsubscribeUrl',
    ]);
  });

  it('puts the organisation address and the recipient’s unsubscribe and preferences links in the footer of both parts', () => {
    const rendered = renderFor(
      { subject: 'Hi', html: '<p>Body <a href="https://example.org/x">link</a></p>', markdown: null },
      'Kim',
    );
    expect(rendered.html).toContain('Friends of the Park, 2 Park Lane, Leeds, LS1 1AA');
    expect(rendered.html).toContain('href="https://crm.example.org/unsubscribe?token&#x3D;a.b&amp;x&#x3D;1"');
    expect(rendered.text).toContain('Unsubscribe: https://crm.example.org/unsubscribe?token=a.b&x=1');
    expect(rendered.html).toContain(
      '<a href="https://crm.example.org/preferences?token&#x3D;p.q.r">Choose what we email you about</a>',
    );
    expect(rendered.text).toContain(
      'Choose what we email you about: https://crm.example.org/preferences?token=p.q.r',
    );
    expect(rendered.text).toContain('Body link (https://example.org/x)');
  });

  it('never expands a tag written inside a merge value: all tags in one pass, tag syntax stripped from values', () => {
    // The markdown's text part merges `{{firstName}}` unescaped under a tag made after the HTML's
    // escaped one: replacing tag after tag expanded that later tag inside the HTML value, raw.
    const source = {
      subject: 'News for {{firstName|friend}}',
      html: null,
      markdown: 'Hello {{firstName}}',
    };
    const { tags } = compileCampaignContent(source, org);
    const laterRaw = tags.find((tag) => tag.field === 'firstName' && !tag.escape && tag.fallback === '')!;
    expect(tags.indexOf(laterRaw)).toBeGreaterThan(tags.findIndex((tag) => tag.escape));
    const name = `<img src=x onerror=alert(1)>[%${laterRaw.key}%]`;

    const rendered = renderFor(source, name);
    expect(rendered.html).not.toContain('<img');
    expect(rendered.html).toContain(`Hello &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;${laterRaw.key}`);
    expect(rendered.html).not.toContain('[%');
    expect(rendered.text).toContain(`Hello <img src=x onerror=alert(1)>${laterRaw.key}`);
    // What SendGrid is given: no value carries tag syntax, whatever the wrappers' nesting.
    const values = recipientSubstitutions(compileCampaignContent(source, org), {
      firstName: '[[%%m0t%%]]',
      email: '[%m1h%]@example.org',
      unsubscribeUrl: 'https://crm.example.org/unsubscribe?token=a',
      preferencesUrl: 'https://crm.example.org/preferences?token=[%m0t%]',
    });
    for (const value of Object.values(values)) expect(value).not.toMatch(/\[%|%\]/);
    expect(applySubstitutions('[%a%][%b%]', { a: '[%b%]', b: '<b>' })).toBe('[%b%]<b>');
  });

  it('derives the text part from the rendered HTML, with values as typed, not HTML-escaped', () => {
    // An HTML campaign's text part carried the HTML's escaped values: "O&#x27;Brien &amp; co".
    const fromHtml = renderFor(
      {
        subject: 'Hi',
        html: '<p>Dear {{firstName}},</p><ul>\n<li>one</li>\n<li>two</li>\n</ul>',
        markdown: null,
      },
      "O'Brien & co",
    );
    expect(fromHtml.text).toContain("Dear O'Brien & co,\n\n- one\n- two");
    expect(fromHtml.html).toContain('Dear O&#x27;Brien &amp; co,');
    // A markdown campaign's text part was its markdown source, `#` and `**` and all.
    const fromMarkdown = renderFor(
      {
        subject: 'Hi',
        html: null,
        markdown: '## Dear {{firstName}}\n\nA **big** [thank you](https://example.org/t)',
      },
      "O'Brien",
    );
    const body = fromMarkdown.text.split('\n--\n')[0]!.trim();
    expect(body).toBe("Dear O'Brien\n\nA big thank you (https://example.org/t)");
  });

  it('merges a name holding line breaks or control characters as one line, in the subject above all', () => {
    const source = { subject: 'News for {{firstName|friend}}', html: '<p>{{firstName}}</p>', markdown: null };
    const rendered = renderFor(source, 'Ada\r\nBcc: x@example.org\u0007');
    expect(rendered.subject).toBe('News for Ada Bcc: x@example.org');
    expect(rendered.html).toContain('<p>Ada Bcc: x@example.org</p>');
  });

  it('refuses an unknown merge field, naming the part and the field', () => {
    const problem = (source: { subject: string; html: string }): CampaignTemplateError => {
      try {
        compileCampaignContent({ ...source, markdown: null }, org);
      } catch (error) {
        if (error instanceof CampaignTemplateError) return error;
      }
      throw new Error('expected a CampaignTemplateError');
    };
    const unknown = problem({ subject: 'Hi {{surname}}', html: '<p>x</p>' });
    expect(unknown.field).toBe('subject');
    expect(unknown.message).toMatch(/^unknown merge field \{\{surname\}\}; merge fields are /);
    expect(problem({ subject: 'Hi', html: '<p>{{#each}}</p>' }).field).toBe('html');
  });
});

describe('links sharing one tag with the HTML part', () => {
  const source = { subject: 'Hi {{firstName|friend}}', html: null, markdown: 'Hello {{firstName|friend}}' };
  const links = {
    unsubscribeUrl: 'https://crm.example.org/unsubscribe?token=a.b',
    preferencesUrl: 'https://crm.example.org/preferences?token=p.q.r',
  };

  it('put each link into both parts through one tag, unescaped in the HTML, the message otherwise unchanged', () => {
    const separate = compileCampaignContent(source, org);
    const shared = compileCampaignContent(source, org, { linksSafeInHtml: true });
    expect(shared.tags).toHaveLength(separate.tags.length - 2);
    const values = { firstName: 'Kim', email: 'kim@example.org', ...links };
    const [before, after] = [separate, shared].map((content) => renderForRecipient(content, values));
    expect(after!.html).toContain('<a href="https://crm.example.org/unsubscribe?token=a.b">Unsubscribe</a>');
    expect(after!.html).toContain('<a href="https://crm.example.org/preferences?token=p.q.r">');
    expect(after!.html.replaceAll('=', '&#x3D;')).toBe(before!.html.replaceAll('=', '&#x3D;'));
    expect(after!.text).toBe(before!.text);
    expect(after!.subject).toBe(before!.subject);
  });

  it('refuse a link HTML would need escaped rather than put it raw into the HTML', () => {
    const shared = compileCampaignContent(source, org, { linksSafeInHtml: true });
    for (const unsafe of [
      'https://x.org/u?a=1&token=t',
      'https://x.org/u?token="><script>',
      "https://x.org/'",
    ]) {
      expect(() =>
        recipientSubstitutions(shared, {
          firstName: null,
          email: 'k@x.org',
          ...links,
          unsubscribeUrl: unsafe,
        }),
      ).toThrow(/HTML must escape/);
    }
  });
});

describe('batch substitutions', () => {
  it('are recipientSubstitutions for every recipient, whatever the link prefixes and names hold', () => {
    const source = {
      subject: 'News for {{firstName|friend}} {{email}}',
      html: null,
      markdown: '# Hello {{firstName|friend}} {{firstName}}\n\nSent to {{email}}.',
    };
    const content = compileCampaignContent(source, org);
    const prefixes = [
      ['https://crm.example.org/unsubscribe?token=', 'https://crm.example.org/preferences?token='],
      ['https://x.org/u?a=1&b="<[%m0t%]>"\n&token=', "https://x.org/p?'=`&token=[["],
      ['', '   '],
      ['https://x.org/u?token=\n', 'https://x.org/p?token= \u0085'],
    ] as const;
    const names = [null, '', '  ', 'Kim', '<Kim & "co">', 'Ada\r\nKing', '[%m2h%]', '[[%%]]'];
    const tokens = [
      ['3f1c2b7e-0d4a-4c55-9a1e-2b3c4d5e6f70.AbC_-9', '3f1c2b7e-0d4a-4c55-9a1e-2b3c4d5e6f70.t5x.Zz-_0'],
      ['a=b&c', '%]x'],
    ] as const;
    const outcome = (work: () => Record<string, string>): Record<string, string> | string => {
      try {
        return work();
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    };
    const shared = compileCampaignContent(source, org, { linksSafeInHtml: true });
    for (const compiled of [content, shared])
      for (const [unsubscribePrefix, preferencesPrefix] of prefixes) {
        const substitute = outcome(() =>
          batchSubstitutions(
            compiled,
            unsubscribePrefix,
            preferencesPrefix,
          )({
            firstName: null,
            email: 'kim@example.org',
            unsubscribeToken: 'a',
            preferencesToken: 'b',
          }),
        );
        for (const firstName of names)
          for (const [unsubscribeToken, preferencesToken] of tokens) {
            const expected = outcome(() =>
              recipientSubstitutions(compiled, {
                firstName,
                email: 'kim@example.org',
                unsubscribeUrl: `${unsubscribePrefix}${unsubscribeToken}`,
                preferencesUrl: `${preferencesPrefix}${preferencesToken}`,
              }),
            );
            // A prefix a shared tag refuses is refused when the batch starts, whatever the token.
            if (typeof substitute === 'string') {
              expect(expected).toEqual(expect.stringMatching(/^refused/));
              continue;
            }
            expect(
              outcome(() =>
                batchSubstitutions(
                  compiled,
                  unsubscribePrefix,
                  preferencesPrefix,
                )({
                  firstName,
                  email: 'kim@example.org',
                  unsubscribeToken,
                  preferencesToken,
                }),
              ),
            ).toEqual(expected);
          }
      }
  });
});
