/** A message ready for a transport: subject, HTML and its plain-text alternative. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}
