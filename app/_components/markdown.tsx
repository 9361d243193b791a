import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

type MdNode = { type: string; value?: string; children?: MdNode[] };

/** Raw HTML in a note is shown as the text it is, never interpreted: `<script>` stays visible and inert. */
function remarkHtmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

// Unsafe URL schemes are dropped by react-markdown's default urlTransform; links leave without referrer or
// opener; images are not loaded (they could track readers), their description is shown instead.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} rel="noopener noreferrer nofollow" target="_blank">
      {children}
    </a>
  ),
  img: ({ alt }) => <span>[image: {alt}]</span>,
};

export function Markdown({ source }: { source: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkHtmlAsText]} components={components}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
