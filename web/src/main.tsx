/** The newsgraph explorer: one route per page, each served by one GraphQL request. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import { client } from './client';
import { Empty, Layout } from './components/ui';
import { Article } from './pages/Article';
import { Declaration } from './pages/Declaration';
import { Home } from './pages/Home';
import { Organization } from './pages/Organization';
import { Person } from './pages/Person';
import { Place } from './pages/Place';
import { Search } from './pages/Search';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Provider value={client}>
      <BrowserRouter>
        <Layout>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/search" element={<Search />} />
            <Route path="/articles/:id" element={<Article />} />
            <Route path="/people/:slug" element={<Person />} />
            <Route path="/organizations/:slug" element={<Organization />} />
            <Route path="/declarations/:slug" element={<Declaration />} />
            <Route path="/places/:slug" element={<Place />} />
            <Route path="*" element={<Empty>No such page.</Empty>} />
          </Routes>
        </Layout>
      </BrowserRouter>
    </Provider>
  </StrictMode>,
);
