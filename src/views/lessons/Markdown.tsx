import katex from 'katex';
import 'katex/dist/katex.min.css';
import { Fragment, memo, useMemo, type ReactNode } from 'react';
import { fillTex, formatLive, parseMarkdown, type Block, type Inline } from '../../lessons/markdown';

type Lookup = (name: string) => number | null | undefined;

/**
 * KaTeX turns lesson TeX (the lessons' own text, with numbers filled in) into markup; `trust: false`
 * refuses \href, \url and HTML-injecting commands, `throwOnError: false` shows a bad formula in red
 * instead of failing. No other text is ever inserted as HTML: the rest renders as React elements.
 */
const Math_ = memo(function Math_({ tex, display }: { tex: string; display: boolean }) {
  const html = useMemo(
    () =>
      katex.renderToString(tex, {
        displayMode: display,
        throwOnError: false,
        trust: false,
        strict: 'ignore',
        output: 'htmlAndMathml',
      }),
    [tex, display],
  );
  return display ? (
    // A wide formula scrolls sideways; focusable so the keyboard can scroll it too.
    <div
      className="math-display"
      tabIndex={0}
      role="group"
      aria-label="formula"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  ) : (
    <span className="math-inline" dangerouslySetInnerHTML={{ __html: html }} />
  );
});

function inline(nodes: Inline[], value: Lookup): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text':
        return <Fragment key={i}>{n.text}</Fragment>;
      case 'strong':
        return <strong key={i}>{inline(n.children, value)}</strong>;
      case 'em':
        return <em key={i}>{inline(n.children, value)}</em>;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'math':
        return <Math_ key={i} tex={fillTex(n.tex, value)} display={false} />;
      case 'live':
        return (
          <span key={i} className="live-value" data-live={n.name}>
            {formatLive(value(n.name), n.format)}
          </span>
        );
    }
  });
}

function block(b: Block, i: number, value: Lookup): ReactNode {
  switch (b.t) {
    case 'p':
      return <p key={i}>{inline(b.children, value)}</p>;
    case 'h':
      return b.level === 1 ? (
        <h3 key={i}>{inline(b.children, value)}</h3>
      ) : (
        <h4 key={i}>{inline(b.children, value)}</h4>
      );
    case 'ul':
    case 'ol': {
      const items = b.items.map((it, j) => <li key={j}>{inline(it, value)}</li>);
      return b.t === 'ul' ? <ul key={i}>{items}</ul> : <ol key={i}>{items}</ol>;
    }
    case 'note':
      return (
        <p key={i} className="note">
          {inline(b.children, value)}
        </p>
      );
    case 'math':
      return <Math_ key={i} tex={fillTex(b.tex, value)} display />;
  }
}

/** Lesson Markdown with KaTeX and live values; `value` looks a live value up by name. */
export function Markdown(props: { text: string; value: Lookup; testId?: string }) {
  const blocks = useMemo(() => parseMarkdown(props.text), [props.text]);
  return (
    <div className="md" data-testid={props.testId}>
      {blocks.map((b, i) => block(b, i, props.value))}
    </div>
  );
}
