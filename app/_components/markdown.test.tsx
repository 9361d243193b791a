import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

const render = (source: string) => renderToStaticMarkup(<Markdown source={source} />);

describe('Markdown', () => {
  it('shows raw HTML as text', () => {
    const html = render('Before <img src=x onerror="window.__xss=1"> and <script>alert(1)</script> after');
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('gives links rel="noopener noreferrer nofollow" and drops javascript: URLs', () => {
    const html = render('[docs](https://example.com/a) [bad](javascript:alert(1))');
    expect(html).toContain('<a href="https://example.com/a" rel="noopener noreferrer nofollow" target="_blank">docs</a>');
    expect(html).not.toContain('javascript:');
  });

  it('renders ordinary markdown', () => {
    expect(render('**bold** and a list:\n\n- one\n- two')).toContain('<strong>bold</strong>');
  });
});
