// The server's io_context pool: one thread per context, connections handed out in turn.
#include "http/io_context_pool.h"

#include <boost/asio/post.hpp>
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

using dateline::http::IoContextPool;

TEST_SUITE("io_context pool") {
    TEST_CASE("each context runs on a thread of its own, and new connections take the contexts in turn") {
        IoContextPool pool(3);
        REQUIRE(pool.size() == 3);
        std::vector<boost::asio::io_context*> handed_out;
        for (int i = 0; i < 6; ++i) handed_out.push_back(&pool.next());
        CHECK(handed_out[0] != handed_out[1]);
        CHECK(handed_out[1] != handed_out[2]);
        CHECK(handed_out[0] != handed_out[2]);
        CHECK(handed_out[3] == handed_out[0]);
        CHECK(handed_out[5] == handed_out[2]);

        std::mutex mutex;
        std::vector<std::vector<std::thread::id>> ran_on(3);
        int done = 0;
        for (int round = 0; round < 2; ++round)
            for (std::size_t i = 0; i < 3; ++i)
                boost::asio::post(*handed_out[i], [&, i] {
                    const std::lock_guard lock(mutex);
                    ran_on[i].push_back(std::this_thread::get_id());
                    if (++done == 6) pool.stop();
                });
        pool.run();  // returns once stop() is called and every thread has finished

        REQUIRE(done == 6);
        for (const auto& threads : ran_on) {
            REQUIRE(threads.size() == 2);
            CHECK(threads[0] == threads[1]);  // a context's handlers share one thread
        }
        CHECK(ran_on[0][0] == std::this_thread::get_id());  // the first context runs on the caller's
        CHECK(ran_on[1][0] != ran_on[0][0]);
        CHECK(ran_on[2][0] != ran_on[0][0]);
        CHECK(ran_on[2][0] != ran_on[1][0]);
    }

    TEST_CASE("an idle pool keeps running until stopped") {
        IoContextPool pool(2);
        std::atomic<bool> ran_later{false};
        std::jthread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            boost::asio::post(pool.first(), [&] {
                ran_later = true;
                pool.stop();
            });
        });
        pool.run();
        CHECK(ran_later);  // run() was still running when work came, 50 ms after it started
    }
}
