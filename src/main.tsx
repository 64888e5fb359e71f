import { startUp } from './app/start-up';
// The stylesheets, in cascade order: the global one, the app's, shared atoms', then the features'
// (the header's search field imports its own). Never from a lazy module: the entry's one CSS file
// is what the prerender inlines.
import './styles/global.css';
import './app/layout.css';
import './components/story-lists.css';
import './components/labels.css';
import './components/error-message.css';
import './components/share-button.css';
import './components/notice-toast.css';
import './components/story-picture.css';
import './features/search/search-page.css';
import './features/article/article.css';
import './features/related/related.css';
import './features/edition/front-page.css';
import './features/quotes/quotes.css';
import './features/article/article-body.css';
import './features/bookmarks/bookmarks.css';
import './features/offline/offline.css';
import './features/reading/reading.css';
import './features/highlights/highlights.css';

await startUp(document.getElementById('root')!);
