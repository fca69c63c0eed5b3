#include "search/framework/thread_pool.h"

#include <algorithm>

namespace cocco {

ThreadPool::ThreadPool(int threads)
{
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min(threads, 256);
    for (int i = 1; i < threads; ++i)
        m_workers.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (auto &t : m_workers)
        t.join();
}

void ThreadPool::drain(int worker)
{
    // Items are handed out in small chunks: cheap enough to balance uneven evaluation times.
    for (;;) {
        size_t begin, end;
        const std::function<void(size_t, int)> *fn;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_next >= m_count)
                return;
            begin = m_next;
            const size_t left = m_count - m_next;
            const size_t chunk = std::max<size_t>(1, std::min<size_t>(8, left / (4 * (m_workers.size() + 1))));
            end = begin + chunk;
            m_next = end;
            fn = m_fn;
        }
        for (size_t i = begin; i < end; ++i)
            (*fn)(i, worker);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_finished += end - begin;
            if (m_finished == m_count)
                m_done.notify_all();
        }
    }
}

void ThreadPool::workerLoop(int worker)
{
    unsigned seen = 0;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || m_generation != seen; });
            if (m_stop)
                return;
            seen = m_generation;
        }
        drain(worker);
    }
}

void ThreadPool::run(size_t count, const std::function<void(size_t, int)> &fn)
{
    if (count == 0)
        return;
    if (m_workers.empty() || count == 1) {
        for (size_t i = 0; i < count; ++i)
            fn(i, 0);
        return;
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_fn = &fn;
        m_count = count;
        m_next = 0;
        m_finished = 0;
        ++m_generation;
    }
    m_wake.notify_all();
    drain(0);
    std::unique_lock<std::mutex> lock(m_mutex);
    m_done.wait(lock, [&] { return m_finished == m_count; });
    m_fn = nullptr;
}

} // namespace cocco
