import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { queryClient } from './api/client';
import { ROUTES } from './routes';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/forms.css';
import './styles/charts.css';

const router = createBrowserRouter(ROUTES, { basename: '/console' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
