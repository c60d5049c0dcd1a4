#pragma once
// One SQLite transaction (RAII): BEGIN IMMEDIATE on construction, COMMIT on commit(), ROLLBACK
// when destroyed uncommitted (an exception on the way), so a trial is stored whole or not at all.

namespace nk3::results::sqlite {

class Database;

class Transaction {
  public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    void commit();

  private:
    Database& db_;
    bool open_ = true;
};

}  // namespace nk3::results::sqlite
