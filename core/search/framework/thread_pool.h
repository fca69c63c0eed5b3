// A small persistent pool for evaluating a batch of independent items in parallel. Workers never
// draw random numbers or touch shared state other than their own output slot, so a batch gives the
// same results at any thread count.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cocco {

class ThreadPool {
public:
    // threads <= 0: std::thread::hardware_concurrency(). The calling thread also works, so a pool
    // of T threads starts T - 1 workers.
    explicit ThreadPool(int threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool &) = delete;
    ThreadPool &operator=(const ThreadPool &) = delete;

    int threads() const { return static_cast<int>(m_workers.size()) + 1; }
    // Calls fn(index, worker) for every index in [0, count) and returns when all are done.
    // `worker` is in [0, threads()) and lets callers keep per-thread scratch space.
    void run(size_t count, const std::function<void(size_t index, int worker)> &fn);

private:
    void workerLoop(int worker);
    void drain(int worker);

    std::vector<std::thread> m_workers;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_done;
    const std::function<void(size_t, int)> *m_fn = nullptr;
    size_t m_count = 0;
    size_t m_next = 0;       // next index to hand out (guarded by m_mutex)
    size_t m_finished = 0;   // indices completed
    unsigned m_generation = 0;
    bool m_stop = false;
};

} // namespace cocco
