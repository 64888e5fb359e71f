import { startUp } from './app/start-up';
import './styles/global.css';
import './features/search/search-page.css';
import './features/article/article.css';
import './features/related/related.css';
import './features/edition/front-page.css';
import './features/quotes/quotes.css';
import './features/article/article-body.css';
import './features/bookmarks/bookmarks.css';
import './features/offline/offline.css';
import './features/reading/reading.css';

await startUp(document.getElementById('root')!);
